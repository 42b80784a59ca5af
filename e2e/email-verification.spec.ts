import { findUser, tokensOfUser } from "./support/db";
import { expect, randomCredentials, test } from "./support/fixtures";
import { appLink, newAddress, signupWithEmail, tokenOf } from "./support/mail-accounts";
import { mailbox } from "./support/mailbox";
import { EmailPage } from "./support/pages/account-pages";
import { LoginPage, ProfilePage } from "./support/pages/auth-pages";

// Verified addresses over a real SMTP server: signup mails a link that confirms the address, the
// profile says whether it is confirmed, a change applies only from the new mailbox, and a taken
// address is never revealed: its owner is told instead.

const CONFIRM_SUBJECT = /Confirm your email address/;
const CHANGE_SUBJECT = /Confirm your new email address/;

test("signup in the browser with an address: the mailed link confirms it, the profile and the API say so", async ({ page, newUser }) => {
  const email = newAddress();
  await page.goto("/signup");
  await page.getByLabel("Username", { exact: true }).fill(newUser.username);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(newUser.password);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText("A link to confirm your email address is on its way.");

  const login = new LoginPage(page);
  const profile = new ProfilePage(page);
  await login.submitCredentials(newUser);
  // Pending: not the account's address until its owner opens the link.
  await expect(profile.email).toHaveText("None");
  await expect(profile.pendingEmail).toContainText(email);
  expect((await (await page.request.get("/api/profile")).json()).profile).toMatchObject({ email: null, emailVerified: false });

  const link = appLink(await mailbox.waitFor(email, { subject: CONFIRM_SUBJECT }), "/verify-email/");
  // Opening the link (as a mail scanner would) confirms nothing; the button does.
  await page.goto(link);
  await page.goto(link);
  await page.getByRole("button", { name: "Confirm this address" }).click();
  await expect(page.getByRole("main").getByRole("status")).toHaveText(`Your email address is now ${email}, confirmed.`);
  await profile.goto();
  await expect(profile.emailStatus).toHaveText("Confirmed");
  await expect(profile.resendButton).toHaveCount(0);
  expect((await (await page.request.get("/api/profile")).json()).profile).toMatchObject({ email, emailVerified: true });

  // Used: a second visit is refused.
  await page.goto(link);
  await expect(page.getByRole("main").getByRole("alert")).toContainText("it was used already");
  await expect(page.getByRole("button", { name: "Confirm this address" })).toHaveCount(0);
});

test("POST /api/verify-email: 200 once, then 400; garbled tokens 400", async ({ request }) => {
  const user = await signupWithEmail(request, { confirm: false });
  const token = tokenOf(appLink(await mailbox.waitFor(user.email, { subject: CONFIRM_SUBJECT }), "/verify-email/"));
  const first = await request.post("/api/verify-email", { data: { token } });
  expect(first.status()).toBe(200);
  expect(await first.json()).toEqual({ message: "Email address changed and confirmed", email: user.email });
  expect((await request.post("/api/verify-email", { data: { token } })).status()).toBe(400);
  for (const bad of ["", "x", "A".repeat(43), token.toUpperCase()])
    expect((await request.post("/api/verify-email", { data: { token: bad } })).status()).toBe(400);
  // A verification token is no reset token (each is hashed with its purpose).
  expect((await request.post("/api/password-reset/confirm", { data: { token, password: `${randomCredentials().password}-x` } })).status()).toBe(400);
});

test("'Send again' mails a new link and the older one stops working", async ({ page, request }) => {
  const user = await signupWithEmail(request, { confirm: false });
  const old = appLink(await mailbox.waitFor(user.email, { subject: CONFIRM_SUBJECT }), "/verify-email/");
  const profile = new ProfilePage(page);
  await new LoginPage(page).loginSuccessfully(user);
  await expect(profile.pendingEmail).toContainText(user.email);
  await page.getByRole("button", { name: "Send the link again" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText("A new confirmation link is on its way");
  const fresh = appLink(await mailbox.waitFor(user.email, { subject: CONFIRM_SUBJECT, nth: 2 }), "/verify-email/");
  expect(fresh).not.toBe(old);
  expect((await request.post("/api/verify-email", { data: { token: tokenOf(old) } })).status()).toBe(400);
  expect((await request.post("/api/verify-email", { data: { token: tokenOf(fresh) } })).status()).toBe(200);
});

test("signing up with a taken address says nothing and mails its owner instead", async ({ request }) => {
  const owner = await signupWithEmail(request);
  const intruder = { ...randomCredentials(), email: owner.email };
  expect((await request.post("/api/signup", { data: intruder })).status()).toBe(201);
  const notice = await mailbox.waitFor(owner.email, { subject: /Someone tried to use your address/ });
  expect(notice.text).toContain("someone tried to sign up");
  expect((await findUser(intruder.username))!.email).toBeNull();
  expect(mailbox.messagesTo(owner.email).filter((m) => CONFIRM_SUBJECT.test(m.subject ?? ""))).toHaveLength(1); // the owner's own, only
});

test("an address nobody confirmed reserves nothing: its owner can still sign up with it and confirm it", async ({ request }) => {
  const squatter = await signupWithEmail(request, { confirm: false });
  const owner = { ...randomCredentials(), email: squatter.email };
  expect((await request.post("/api/signup", { data: owner })).status()).toBe(201);
  const link = appLink(await mailbox.waitFor(owner.email, { subject: CONFIRM_SUBJECT, nth: 2 }), "/verify-email/");
  expect((await request.post("/api/verify-email", { data: { token: tokenOf(link) } })).status()).toBe(200);
  expect((await findUser(owner.username))!.email).toBe(owner.email);
  expect((await findUser(squatter.username))!.email).toBeNull();
  // The squatter's own link, had they seen it, can no longer take the address.
  const first = appLink(mailbox.messagesTo(owner.email).filter((m) => CONFIRM_SUBJECT.test(m.subject))[0]!, "/verify-email/");
  expect((await request.post("/api/verify-email", { data: { token: tokenOf(first) } })).status()).toBe(400);
});

test("changing the address: the old one is told, the new one applies only from its mailbox, and can be cancelled", async ({ page, request }) => {
  const user = await signupWithEmail(request);
  const login = new LoginPage(page);
  const profile = new ProfilePage(page);
  const emailPage = new EmailPage(page);
  await login.loginSuccessfully(user);

  const next = newAddress("moved");
  await emailPage.goto();
  await emailPage.change(next);
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole("main").getByRole("status")).toContainText(`We mailed a link to ${next}`);
  await expect(profile.email).toHaveText(user.email); // not applied yet
  await expect(profile.pendingEmail).toContainText(next);

  const notice = await mailbox.waitFor(user.email, { subject: /change of your .* email address/ });
  expect(notice.text).toContain("stays until the new one is confirmed");
  const link = appLink(await mailbox.waitFor(next, { subject: CHANGE_SUBJECT }), "/verify-email/");

  // Cancelled: the link is dead.
  await profile.cancelChangeButton.click();
  await expect(page.getByRole("main").getByRole("status")).toContainText("The email change was cancelled");
  await expect(profile.pendingEmail).toHaveCount(0);
  expect((await request.post("/api/verify-email", { data: { token: tokenOf(link) } })).status()).toBe(400);

  // A reset link to the old address, asked for while the change waits…
  expect((await request.post("/api/password-reset", { data: { email: user.email } })).status()).toBe(200);
  const reset = appLink(await mailbox.waitFor(user.email, { subject: /Reset your/ }), "/password-reset/");

  // Again, and this time opened (in another browser: no login needed).
  await emailPage.goto();
  await emailPage.change(next);
  const second = appLink(await mailbox.waitFor(next, { subject: CHANGE_SUBJECT, nth: 2 }), "/verify-email/");
  const confirmed = await request.post("/api/verify-email", { data: { token: tokenOf(second) } });
  expect(await confirmed.json()).toEqual({ message: "Email address changed and confirmed", email: next });
  // …died when the address changed.
  const late = await request.post("/api/password-reset/confirm", { data: { token: tokenOf(reset), password: `${randomCredentials().password}-r` } });
  expect(late.status()).toBe(400);
  await profile.goto();
  await expect(profile.email).toHaveText(next);
  await expect(profile.emailStatus).toHaveText("Confirmed");
  await expect(profile.pendingEmail).toHaveCount(0);
});

test("a change to a taken address looks pending like any other, never applies, and its owner is told", async ({ page, request }) => {
  const owner = await signupWithEmail(request);
  const user = await signupWithEmail(request);
  const profile = new ProfilePage(page);
  const emailPage = new EmailPage(page);
  await new LoginPage(page).loginSuccessfully(user);
  await emailPage.goto();
  await emailPage.change(owner.email);
  await expect(page.getByRole("main").getByRole("status")).toContainText(`We mailed a link to ${owner.email}`);
  await expect(profile.pendingEmail).toContainText(owner.email);
  await expect(profile.email).toHaveText(user.email);

  const notice = await mailbox.waitFor(owner.email, { subject: /Someone tried to use your address/ });
  expect(notice.text).toContain("another account asked to use this address");
  expect(mailbox.messagesTo(owner.email).filter((m) => CHANGE_SUBJECT.test(m.subject ?? ""))).toEqual([]);
  const row = await findUser(user.username);
  expect((await tokensOfUser(row!.id)).map((t) => t.purpose)).toEqual(["email_change"]);
});
