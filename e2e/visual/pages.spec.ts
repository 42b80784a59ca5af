import { randomBytes } from "node:crypto";
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "../support/fixtures";
import { PasswordResetPage } from "../support/pages/auth-pages";
import { TEST_PROVIDER } from "../../tests/support/databases.mjs";

// Visual tests: signup, login with an error, a password reset asked for, and profile, light and dark, desktop and phone,
// compared with committed baselines rendered by Debian's Chromium
// (`npm run test:visual:update` retakes them). Everything that varies from run to run or between
// databases (usernames, dates, the session list, the inspector's timings) is frozen or masked, so
// the pixels are the same on SQLite and PostgreSQL. DOCS_SCREENSHOTS=1 also writes the README's
// pictures to docs/screenshots/.

// The pixels are the same on both databases by construction (above), so the baselines are compared
// once, on SQLite (`npm test`), not again under `npm run test:pg`.
test.skip(TEST_PROVIDER === "postgresql", "the screenshots do not depend on the database: compared on SQLite");

const SCHEMES = ["light", "dark"] as const;
const VIEWS = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "mobile", width: 375, height: 740 },
] as const;

/** Resolves once React has hydrated `element` (its fiber is attached), so freezing text is not undone. */
async function hydrated(element: Locator): Promise<void> {
  await expect.poll(() => element.evaluate((el) => Object.keys(el).some((key) => key.startsWith("__reactFiber")))).toBe(true);
}

async function docsScreenshot(page: Page, name: string): Promise<void> {
  if (process.env.DOCS_SCREENSHOTS === "1") await page.screenshot({ path: `docs/screenshots/${name}.png`, fullPage: true });
}

for (const scheme of SCHEMES) {
  for (const view of VIEWS) {
    const variant = `${scheme}-${view.name}`;
    test.describe(variant, () => {
      test.use({ viewport: { width: view.width, height: view.height }, colorScheme: scheme });

      test(`signup, empty (${variant})`, async ({ page, signupPage }) => {
        await signupPage.goto();
        await expect(page.getByRole("button", { name: "Show password" })).toBeVisible(); // hydrated
        await expect(signupPage.username).toBeFocused();
        await expect(page).toHaveScreenshot(`signup-${variant}.png`, { fullPage: true });
        await docsScreenshot(page, `signup-${variant}`);
      });

      test(`login, with an error (${variant})`, async ({ page, loginPage }) => {
        // A name nobody has; then the field shows a fixed one, so the picture never depends on it.
        await loginPage.login({ username: `nobody_${randomBytes(6).toString("hex")}`, password: "not-the-password" });
        await expect(loginPage.alert).toHaveText("Invalid username or password");
        await expect(loginPage.alert).toBeFocused();
        await loginPage.username.evaluate((input: HTMLInputElement) => (input.value = "ada.lovelace"));
        await expect(page).toHaveScreenshot(`login-error-${variant}.png`, { fullPage: true });
        await docsScreenshot(page, `login-error-${variant}`);
      });

      test(`password reset, asked (${variant})`, async ({ page }) => {
        const reset = new PasswordResetPage(page);
        await reset.request(`nobody-${randomBytes(6).toString("hex")}@example.org`);
        await reset.email.evaluate((input: HTMLInputElement) => (input.value = "ada@example.org"));
        await expect(page).toHaveScreenshot(`password-reset-${variant}.png`, { fullPage: true });
        await docsScreenshot(page, `password-reset-${variant}`);
      });

      test(`profile (${variant})`, async ({ page, apiUser, loginPage }) => {
        await loginPage.loginSuccessfully(apiUser);
        await hydrated(page.getByTestId("profile-username"));
        await page.evaluate(() => {
          const set = (selector: string, text: string) => document.querySelectorAll(selector).forEach((el) => (el.textContent = text));
          set("[data-testid=header-username], [data-testid=profile-username]", "ada.lovelace");
          set("main time", "2 Dec 2026, 09:30 UTC");
          document.querySelectorAll("details.inspector").forEach((el) => el.removeAttribute("open"));
        });
        await expect(page).toHaveScreenshot(`profile-${variant}.png`, { fullPage: true });
        await docsScreenshot(page, `profile-${variant}`);
      });
    });
  }
}
