import { randomBytes } from "node:crypto";
import { findUser, staleVerificationOfUser } from "./support/db";
import { ConfirmPage } from "./support/pages/account-pages";
import { appLink, tokenOf } from "./support/mail-accounts";
import { mailbox } from "./support/mailbox";
import { expect, randomCredentials, test } from "./support/fixtures";
import { SESSION_COOKIE, unsealCookie } from "./support/session-cookie";

// Account management on the profile: email, password change, account deletion. Every change asks
// for the password again.

const email = () => `person-${randomBytes(4).toString("hex")}@example.org`;

test("signup takes an optional email, unique whatever its case", async ({ page, request, signupPage, loginPage }) => {
  const user = randomCredentials();
  const address = email();
  await signupPage.goto();
  await signupPage.username.fill(user.username);
  await page.getByLabel("Email").fill(address.toUpperCase());
  await signupPage.password.fill(user.password);
  await signupPage.submit.click();
  await expect(page).toHaveURL(/\/login$/);
  // Stored lowercased once its owner opens the link (until then it is only pending).
  const link = appLink(await mailbox.waitFor(address, { subject: /Confirm your email address/ }), "/verify-email/");
  expect((await request.post("/api/verify-email", { data: { token: tokenOf(link) } })).status()).toBe(200);
  expect((await findUser(user.username))?.email).toBe(address);

  // A second account with the address never gets it, and the answer does not say so
  // (e2e/security/enumeration.spec.ts).
  const second = randomCredentials();
  expect((await request.post("/api/signup", { data: { ...second, email: address.toUpperCase() } })).status()).toBe(201);
  expect((await findUser(second.username))?.email).toBeNull();
  await loginPage.loginSuccessfully(user);
  await expect(page.getByTestId("profile-email")).toHaveText(address);
});

test("changing the email asks who it is once the step-up window has passed; it can be removed", async ({ page, apiUser, loginPage }) => {
  await loginPage.loginSuccessfully(apiUser);
  await expect(page.getByTestId("profile-email")).toHaveText("None");
  await staleVerificationOfUser((await findUser(apiUser.username))!.id);
  await page.getByRole("link", { name: "Add an email address" }).click();
  const confirm = new ConfirmPage(page);
  await expect(confirm.heading).toBeVisible();
  await confirm.withPasswordOf("not-my-password");
  await expect(page.getByText("That is not your password.")).toBeVisible();
  await confirm.withPasswordOf(apiUser.password);
  await expect(page).toHaveURL(/\/profile\/email$/);
  const address = email();
  await page.getByLabel("Email").fill(address);
  await page.getByRole("button", { name: "Save email" }).click();
  // Applied only once the link mailed to it is opened.
  await expect(page.getByRole("main").getByRole("status")).toHaveText(
    `We mailed a link to ${address}. Your address changes when you open it (within 24 hours).`,
  );
  await expect(page.getByTestId("profile-email")).toHaveText("None");
  await page.goto(appLink(await mailbox.waitFor(address, { subject: /Confirm your email address/ }), "/verify-email/"));
  await page.getByRole("button", { name: "Confirm this address" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText("confirmed");
  await page.goto("/profile");
  await expect(page.getByTestId("profile-email")).toHaveText(address);
  await expect(page.getByTestId("email-status")).toHaveText("Confirmed");

  await page.getByRole("link", { name: "Change email" }).click();
  await page.getByLabel("Email").fill("");
  await page.getByRole("button", { name: "Save email" }).click();
  await expect(page.getByTestId("profile-email")).toHaveText("None");
});

test("changing the password: the policy, a confirmation, other devices logged out", async ({ page, apiUser, loginPage, playwright, baseURL }) => {
  const elsewhere = await playwright.request.newContext({ baseURL });
  expect((await elsewhere.post("/api/login", { data: apiUser })).status()).toBe(200);
  await loginPage.loginSuccessfully(apiUser);
  await page.getByRole("link", { name: "Change password" }).click();
  await expect(page.getByLabel("Current password")).toHaveCount(0); // just logged in: the step-up stands
  const next = page.getByLabel("New password");
  const submit = page.getByRole("button", { name: "Change password" });

  // React resets a form when its action completes: fill again only once the last one is done.
  const submitWith = async (nextValue: string) => {
    await expect(submit).toBeEnabled();
    await next.fill(nextValue);
    await expect(next).toHaveValue(nextValue);
    await submit.click();
  };
  await submitWith("password1234");
  // The server's verdict, not the strength meter's (which says the same before any answer): until
  // it arrives, the next fill would be wiped by the form reset that follows it.
  await expect(page.locator("#field-newPassword-error")).toHaveText(/commonly used passwords/);
  await expect(next).toHaveAttribute("aria-invalid", "true");

  const newPassword = `${apiUser.password}-new`;
  await submitWith(newPassword);
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole("main").getByRole("status")).toHaveText("Your password was changed. Your other sessions were logged out.");
  await expect(page.getByTestId("profile-username")).toHaveText(apiUser.username);
  expect((await elsewhere.get("/api/profile")).status()).toBe(401);
  expect((await elsewhere.post("/api/login", { data: { ...apiUser, password: newPassword } })).status()).toBe(200);
  await elsewhere.dispose();
});

test("deleting the account needs the username typed, removes the user and every session, and clears the cookie", async ({
  page,
  context,
  apiUser,
  loginPage,
  playwright,
  baseURL,
}) => {
  const elsewhere = await playwright.request.newContext({ baseURL });
  expect((await elsewhere.post("/api/login", { data: apiUser })).status()).toBe(200);
  await loginPage.loginSuccessfully(apiUser);
  await page.getByRole("link", { name: "Delete account" }).click();
  await page.getByLabel("Your username").fill(`${apiUser.username}x`);
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page.getByText("That is not your username.")).toBeVisible();
  expect(await findUser(apiUser.username)).toBeDefined();

  const loggedIn = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
  expect(loggedIn).toBeDefined();
  await page.getByLabel("Your username").fill(apiUser.username);
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page.getByRole("main").getByRole("status")).toHaveText("Your account was deleted.");
  expect(await findUser(apiUser.username)).toBeUndefined();
  // The login's cookie is gone; the one left points at the anonymous session that carried the notice.
  const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
  expect(cookie?.value).not.toBe(loggedIn?.value);
  if (cookie) expect(await unsealCookie(cookie.value, test.info())).toMatchObject({ a: 1 });
  expect((await elsewhere.get("/api/profile")).status()).toBe(401);
  expect((await elsewhere.post("/api/login", { data: apiUser })).status()).toBe(401);
  await elsewhere.dispose();
});
