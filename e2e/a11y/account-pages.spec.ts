import { Secret, TOTP } from "otpauth";
import { expect, test } from "../support/fixtures";
import { expectAccessible, resetView } from "./axe";
import { TEST_PROVIDER } from "../../tests/support/databases.mjs";
import { findUser, staleVerificationOfUser } from "../support/db";
import { ConfirmPage } from "../support/pages/account-pages";

// axe takes seconds per check on a busy machine, and each test checks several states in four variants.
test.describe.configure({ timeout: 180_000 });
// Markup and styles only: the same components render the same structure on either database, so
// axe runs once, on SQLite (`npm test`); `npm run test:pg` checks behaviour, where the provider
// matters. The axe files are 40 % of the browser suite's worker time (docs/PERFORMANCE.md, CI).
test.skip(TEST_PROVIDER === "postgresql", "axe checks markup, which does not depend on the database: run on SQLite");

// axe (WCAG 2.2 AA) on every page of a logged-in user and of staff, in each of its states, light
// and dark, desktop and 320 px wide.

test("home, profile and its sessions panel, logged in", async ({ page, apiUser, loginPage, playwright, baseURL }, testInfo) => {
  // A second session, so the panel lists another device with its Log out button.
  const elsewhere = await playwright.request.newContext({ baseURL });
  expect((await elsewhere.post("/api/login", { data: apiUser })).status()).toBe(200);
  await loginPage.loginSuccessfully(apiUser);
  await expectAccessible(page, "profile", testInfo);

  await page.goto("/profile/sessions");
  await expectAccessible(page, "sessions and activity, two sessions", testInfo);

  // Past the step-up window, the button leads to the confirmation page first.
  await resetView(page);
  await staleVerificationOfUser((await findUser(apiUser.username))!.id);
  await page.getByRole("button", { name: "Log out everywhere else" }).click();
  const confirm = new ConfirmPage(page);
  await expect(confirm.heading).toBeVisible();
  await expectAccessible(page, "confirm it is you", testInfo);
  await resetView(page);
  await confirm.withPasswordOf("not-my-password");
  await expect(confirm.password).toHaveAttribute("aria-invalid", "true");
  await expect(confirm.password).toBeFocused();
  await expectAccessible(page, "confirm it is you, with an error", testInfo);

  await page.goto("/");
  await expect(page.getByRole("main")).toContainText(`You are logged in as ${apiUser.username}`);
  await expectAccessible(page, "home, logged in", testInfo);

  const response = await page.goto("/nothing-here");
  expect(response?.status()).toBe(404);
  await expectAccessible(page, "404, logged in", testInfo);
  await elsewhere.dispose();
});

test("email, password and delete pages: empty and with errors", async ({ page, apiUser, loginPage }, testInfo) => {
  await loginPage.loginSuccessfully(apiUser);

  await page.goto("/profile/email");
  await expectAccessible(page, "email, empty", testInfo);
  await resetView(page);
  await page.getByLabel("Email").fill("not an address");
  await page.getByRole("button", { name: "Save email" }).click();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page, "email, with errors", testInfo);

  await page.goto("/profile/password");
  await expectAccessible(page, "password, empty", testInfo);
  await resetView(page);
  await page.getByLabel("New password").fill("aaaaaaaaaaaaaaaa");
  await expect(page.getByTestId("password-strength")).toContainText("will not be accepted");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByLabel("New password")).toBeFocused();
  await expectAccessible(page, "password, with errors and the meter", testInfo);

  await page.goto("/profile/delete");
  await expectAccessible(page, "delete, empty", testInfo);
  await resetView(page);
  await page.getByLabel("Your username").fill("someone-else");
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page.getByLabel("Your username")).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page, "delete, with errors", testInfo);
});

/** The code of the time step `offset` steps from `now` (the server accepts -1, 0 and +1). */
function codeAt(secret: string, offset: number, now: number): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: "SHA1" }).generate({
    timestamp: now + offset * 30_000,
  });
}

test("two-factor pages: off, setting up, recovery codes, on, and the login's second step", async ({ page, apiUser, loginPage }, testInfo) => {
  await loginPage.loginSuccessfully(apiUser);
  await page.goto("/profile/two-factor");
  await expectAccessible(page, "two-factor, off", testInfo);

  await resetView(page);
  await page.getByRole("button", { name: "Set up two-factor authentication" }).click();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  await expectAccessible(page, "two-factor, setting up", testInfo);

  await resetView(page);
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByLabel("Authentication code")).toBeFocused();
  await expectAccessible(page, "two-factor, setup with errors", testInfo);

  await resetView(page);
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  await page.getByLabel("Authentication code").fill(codeAt(secret, 0, Date.now()));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByTestId("recovery-codes").getByRole("listitem")).toHaveCount(10);
  await expectAccessible(page, "two-factor, recovery codes shown", testInfo);

  await resetView(page);
  await page.getByRole("button", { name: "I have saved them" }).click();
  await expect(page.getByTestId("two-factor-status")).toContainText("On.");
  await expectAccessible(page, "two-factor, on", testInfo);

  await resetView(page);
  await page.getByRole("button", { name: "Log out", exact: true }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("main").getByRole("status")).toHaveText("You have been logged out.");
  await expectAccessible(page, "login, logged-out message", testInfo);
  await resetView(page);
  await loginPage.submitCredentials(apiUser);
  await expect(page).toHaveURL(/\/login\/verify$/);
  await expectAccessible(page, "login, second step", testInfo);

  await resetView(page);
  await page.getByLabel("Authentication code").fill("12345x");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("That code is not valid.");
  await expectAccessible(page, "login, second step with an error", testInfo);
});

test("staff pages: the users list, and 403 for everyone else", async ({ page, staffUser, apiUser, loginPage, adminUsersPage }, testInfo) => {
  await loginPage.loginSuccessfully(staffUser);
  await adminUsersPage.goto(`?q=${encodeURIComponent(staffUser.username)}`);
  await expect(adminUsersPage.row(staffUser.username)).toBeVisible();
  await expectAccessible(page, "admin users, one result", testInfo);
  await adminUsersPage.goto("?q=nobody-matches-this");
  await expectAccessible(page, "admin users, no results", testInfo);
  await page.goto(`/admin/events?user=${encodeURIComponent(staffUser.username)}`);
  await expect(page.getByRole("heading", { name: "Auth events" })).toBeVisible();
  await expectAccessible(page, "admin events, filtered by user", testInfo);
  await page.goto("/admin/events?event=logout&user=nobody-matches-this");
  await expectAccessible(page, "admin events, no results", testInfo);

  await page.context().clearCookies();
  await loginPage.loginSuccessfully(apiUser);
  const response = await page.goto("/admin/users");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Forbidden" })).toBeVisible();
  await expectAccessible(page, "403", testInfo);
});
