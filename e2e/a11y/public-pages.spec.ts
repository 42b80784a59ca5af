import { expect, test } from "../support/fixtures";
import { expectAccessible, resetView } from "./axe";
import { TEST_PROVIDER } from "../../tests/support/databases.mjs";

// axe takes seconds per check on a busy machine, and each test checks several states in four variants.
test.describe.configure({ timeout: 180_000 });
// Markup and styles only: the same components render the same structure on either database, so
// axe runs once, on SQLite (`npm test`); `npm run test:pg` checks behaviour, where the provider
// matters. The axe files are 40 % of the browser suite's worker time (docs/PERFORMANCE.md, CI).
test.skip(TEST_PROVIDER === "postgresql", "axe checks markup, which does not depend on the database: run on SQLite");

// axe (WCAG 2.2 AA) on every page a visitor can reach without an account, in each of its states,
// light and dark, desktop and 320 px wide. Logged-in states are in account-pages.spec.ts.

test("home page, logged out: empty, with a note, with an error", async ({ page }, testInfo) => {
  await page.goto("/");
  await expect(page.getByRole("main")).toContainText("You are not logged in");
  await expectAccessible(page, "home, logged out", testInfo);
  await resetView(page);
  await page.getByLabel("Note").fill("remember the milk");
  await page.getByRole("button", { name: "Save note" }).click();
  await expect(page.getByTestId("session-note")).toHaveText("remember the milk");
  await expectAccessible(page, "home, with a note and its flash message", testInfo);
  await resetView(page);
  await page.getByLabel("Note").fill("x".repeat(2000));
  await page.getByRole("button", { name: "Save note" }).click();
  await expect(page.getByLabel("Note")).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page, "home, note with an error", testInfo);
});

test("signup: empty, with errors, with the strength meter", async ({ page, newUser, signupPage }, testInfo) => {
  await signupPage.goto();
  await expect(page.getByRole("button", { name: "Show password" })).toBeVisible();
  await expectAccessible(page, "signup, empty", testInfo);

  await signupPage.submit.click();
  await expect(signupPage.username).toHaveAttribute("aria-invalid", "true");
  await expect(signupPage.username).toBeFocused();
  await expectAccessible(page, "signup, with errors", testInfo);

  await signupPage.username.fill(newUser.username);
  await signupPage.password.fill("aaaaaaaaaaaaaaaa");
  await expect(page.getByTestId("password-strength")).toContainText("will not be accepted");
  await expectAccessible(page, "signup, meter: rejected", testInfo);
  await signupPage.password.fill(newUser.password);
  await expect(page.getByTestId("password-strength")).toContainText("will be accepted");
  await page.getByRole("button", { name: "Show password" }).click();
  await expectAccessible(page, "signup, meter: accepted, password shown", testInfo);
});

test("login: empty, notices, wrong password, throttled", async ({ page, apiUser, newUser, loginPage, signupPage }, testInfo) => {
  await loginPage.goto();
  await expectAccessible(page, "login, empty", testInfo);

  await signupPage.signupSuccessfully(newUser); // lands on the login page with its flash message
  await expectAccessible(page, "login, account created message", testInfo);

  await loginPage.goto();
  await loginPage.submit.click();
  await expect(loginPage.username).toBeFocused();
  await expectAccessible(page, "login, empty fields submitted", testInfo);

  await loginPage.login({ username: apiUser.username, password: "not-the-password" });
  await expect(loginPage.alert).toHaveText("Invalid username or password");
  await expect(loginPage.alert).toBeFocused();
  await expectAccessible(page, "login, wrong password", testInfo);

  // The account's free attempts (5) run out: the next one shows the wait.
  // (A retry that arrives after a block ended counts as one more failure and doubles the next block.)
  for (let attempt = 0; attempt < 8; attempt++) {
    await loginPage.submitCredentials({ username: apiUser.username, password: "not-the-password" });
    await expect(loginPage.submit).toBeEnabled(); // the action has answered
    await expect(loginPage.alert).toBeVisible();
    if (/Too many attempts/.test((await loginPage.alert.textContent()) ?? "")) break;
  }
  await expect(loginPage.alert).toHaveText(/^Too many attempts\. Please wait \d+ seconds and try again\.$/);
  await expect(page.getByTestId("retry-countdown")).toHaveText(/^You can try again (in \d+ seconds?|now)\.$/);
  await expectAccessible(page, "login, throttled", testInfo);
});

test("not found, logged out", async ({ page }, testInfo) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expectAccessible(page, "404", testInfo);
});

test("the 503 page", async ({ page }, testInfo) => {
  const response = await page.goto("/unavailable");
  expect(response?.status()).toBe(503);
  await expect(page.getByRole("heading", { name: "Service unavailable" })).toBeVisible();
  // Its styles are allowed by the page's CSP nonce: the card has a border.
  await expect(page.locator(".card")).toHaveCSS("border-top-style", "solid");
  await expectAccessible(page, "503", testInfo);
});
