import { eventsOf, expireTokensOfUser, findUser, tokensOfUser } from "./support/db";
import { responseShape } from "./support/response-shape";
import { expect, randomCredentials, test } from "./support/fixtures";
import { appLink, newAddress, signupWithEmail, tokenOf } from "./support/mail-accounts";
import { mailbox } from "./support/mailbox";
import { LoginPage, PasswordResetPage, ResetLinkPage } from "./support/pages/auth-pages";

// Password reset by a link mailed through a real SMTP server (the test sink): the same answer for
// every address, a link that works once, for an hour, from APP_ORIGIN only, and a reset that ends
// every session without logging anyone in.

const RESET_SUBJECT = /Reset your .* password/;

test("forgot password in the browser: the mailed link sets a new password, ends every session, logs nobody in", async ({ page, browser, request }) => {
  const user = await signupWithEmail(request);
  // A session elsewhere, which the reset must end.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await new LoginPage(otherPage).loginSuccessfully(user);

  const login = new LoginPage(page);
  await login.goto();
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page).toHaveURL(/\/password-reset$/);
  await new PasswordResetPage(page).request(user.email.toUpperCase());

  const mail = await mailbox.waitFor(user.email, { subject: RESET_SUBJECT });
  const link = appLink(mail, "/password-reset/");
  expect(link.startsWith(`${process.env.E2E_BASE_URL}/password-reset/`)).toBe(true);
  expect(mail.html).toContain(link);

  const resetPage = new ResetLinkPage(page);
  await resetPage.open(link);
  await resetPage.setPassword("short");
  // The server's verdict in the field's error line (the strength meter says "at least" at once).
  await expect(page.locator("#field-password-error")).toContainText("at least");
  const newPassword = `${randomCredentials().password}-new`;
  await resetPage.setPassword(newPassword, `${newPassword}x`);
  await expect(page.getByRole("main")).toContainText("The two passwords differ.");
  await resetPage.setPassword(newPassword);
  await expect(page).toHaveURL(/\/login$/);
  await expect(login.notice).toContainText("Your password was changed");

  // Not logged in by the reset; the other browser is logged out.
  await page.goto("/profile");
  await expect(page).toHaveURL(/\/login\?next=%2Fprofile$/);
  await otherPage.goto("/profile");
  await expect(otherPage).toHaveURL(/\/login/);
  await other.close();

  await login.login(user);
  await expect(login.alert).toHaveText("Invalid username or password");
  await login.loginSuccessfully({ ...user, password: newPassword });

  const notice = await mailbox.waitFor(user.email, { subject: /password was changed/ });
  expect(notice.text).toContain("Every session was logged out");
  const row = await findUser(user.username);
  const events = (await eventsOf({ userId: row!.id })).map((e) => e.event);
  expect(events).toEqual(expect.arrayContaining(["password_reset_requested", "password_reset"]));
  expect(await tokensOfUser(row!.id)).toEqual([]);
});

test("the answer is the same for an account's address, an unverified one and an unknown one; only the first gets mail", async ({ request }) => {
  const verified = await signupWithEmail(request);
  const unverified = await signupWithEmail(request, { confirm: false });
  const unknown = newAddress("nobody");
  const answers = [];
  for (const email of [verified.email, unverified.email, unknown])
    answers.push(await responseShape(await request.post("/api/password-reset", { data: { email } })));
  expect(answers[0]!.status).toBe(200);
  expect(JSON.parse(answers[0]!.body)).toEqual({ message: expect.stringContaining("a reset link is on its way") });
  expect(answers[1]).toEqual(answers[0]);
  expect(answers[2]).toEqual(answers[0]);

  await mailbox.waitFor(verified.email, { subject: RESET_SUBJECT });
  // The sink has had time to receive the others, had any been sent.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(mailbox.messagesTo(unverified.email).filter((m) => RESET_SUBJECT.test(m.subject ?? ""))).toEqual([]);
  expect(mailbox.messagesTo(unknown)).toEqual([]);
});

test("a link works once, not after a newer one, not after it expires, not garbled", async ({ request }) => {
  const user = await signupWithEmail(request);
  const confirm = (token: string, password = `${randomCredentials().password}-r`) => request.post("/api/password-reset/confirm", { data: { token, password } });

  expect((await request.post("/api/password-reset", { data: { email: user.email } })).status()).toBe(200);
  const first = tokenOf(appLink(await mailbox.waitFor(user.email, { subject: RESET_SUBJECT }), "/password-reset/"));
  expect((await request.post("/api/password-reset", { data: { email: user.email } })).status()).toBe(200);
  const second = tokenOf(appLink(await mailbox.waitFor(user.email, { subject: RESET_SUBJECT, nth: 2 }), "/password-reset/"));
  expect(second).not.toBe(first);

  const older = await confirm(first);
  expect(older.status()).toBe(400);
  expect((await older.json()).error).toContain("does not work");
  // A weak password leaves the link usable.
  const weak = await confirm(second, "password");
  expect(weak.status()).toBe(400);
  expect(Object.keys((await weak.json()).fields)).toEqual(["password"]);
  expect((await confirm(second)).status()).toBe(200);
  expect((await confirm(second)).status()).toBe(400); // used

  for (const garbled of ["x", "A".repeat(43), `${second}x`, "../../api/profile"]) expect((await confirm(garbled)).status()).toBe(400);

  // An address gets three mails on request in a row (its confirmation was one): expiry on another account.
  const other = await signupWithEmail(request);
  expect((await request.post("/api/password-reset", { data: { email: other.email } })).status()).toBe(200);
  const late = tokenOf(appLink(await mailbox.waitFor(other.email, { subject: RESET_SUBJECT }), "/password-reset/"));
  await expireTokensOfUser((await findUser(other.username))!.id);
  expect((await confirm(late)).status()).toBe(400);
});

test("the link comes from APP_ORIGIN whatever Host or X-Forwarded-Host the request names", async ({ playwright, baseURL }) => {
  const request = await playwright.request.newContext({ baseURL });
  const user = await signupWithEmail(request);
  const response = await request.post("/api/password-reset", {
    data: { email: user.email },
    headers: { Host: "evil.example", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https" },
  });
  expect(response.status()).toBe(200);
  const mail = await mailbox.waitFor(user.email, { subject: RESET_SUBJECT });
  expect(mail.text).not.toContain("evil.example");
  expect(mail.html).not.toContain("evil.example");
  expect(appLink(mail, "/password-reset/").startsWith(`${baseURL}/password-reset/`)).toBe(true);
  await request.dispose();
});

test("an opened link that no longer works says so and offers a new one", async ({ page, request }) => {
  const user = await signupWithEmail(request);
  await request.post("/api/password-reset", { data: { email: user.email } });
  const link = appLink(await mailbox.waitFor(user.email, { subject: RESET_SUBJECT }), "/password-reset/");
  await request.post("/api/password-reset/confirm", { data: { token: tokenOf(link), password: `${randomCredentials().password}-r` } });
  await page.goto(link);
  await expect(page.getByRole("main").getByRole("alert")).toContainText("it was used already");
  await page.getByRole("link", { name: "Ask for a new link" }).click();
  await expect(page).toHaveURL(/\/password-reset$/);
});

test("an address gets a few mails on request, then none, and every answer stays 200", async ({ request }) => {
  const user = await signupWithEmail(request);
  const unknown = newAddress("nobody");
  for (const email of [user.email, unknown]) {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await request.post("/api/password-reset", { data: { email } })).status());
    // Nobody can lock the owner out of asking, or learn from a 429 that an address is watched.
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
  }
  // The confirmation link at signup counted as the first of the address's three.
  await mailbox.waitFor(user.email, { subject: RESET_SUBJECT, nth: 2 });
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(mailbox.messagesTo(user.email).filter((m) => RESET_SUBJECT.test(m.subject))).toHaveLength(2);
});
