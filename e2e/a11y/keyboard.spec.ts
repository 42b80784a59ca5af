import type { Page } from "@playwright/test";
import { expect, test } from "../support/fixtures";
import { loginCookie } from "../support/session-cookie";

// Sign up, log in and log out with the keyboard alone: every step is page.keyboard, no click, no
// fill. Reading which element has focus is the only other thing the test does.

/** The focused element's accessible-ish name: its label, aria-label or text. */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return "";
    const labelled = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null;
    return (labelled ?? el.getAttribute("aria-label") ?? el.textContent ?? "").trim();
  });
}

/** Presses Tab until the element named `name` has focus (at most 30 presses). */
async function tabTo(page: Page, name: string): Promise<void> {
  for (let presses = 0; presses < 30; presses++) {
    if ((await focusedName(page)) === name) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached "${name}"`);
}

test("sign up, log in and log out with the keyboard only", async ({ page, context, newUser }) => {
  await page.goto("/");
  await expect(page.getByRole("main")).toContainText("You are not logged in");

  // The skip link comes first.
  await page.keyboard.press("Tab");
  expect(await focusedName(page)).toBe("Skip to content");

  await tabTo(page, "Sign up");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/signup$/);
  await expect(page.getByLabel("Username", { exact: true })).toBeFocused(); // autofocus
  await expect(page.getByRole("button", { name: "Show password" })).toBeVisible(); // hydrated
  await page.keyboard.type(newUser.username);
  await tabTo(page, "Password");
  await page.keyboard.type(newUser.password);
  await page.keyboard.press("Tab");
  expect(await focusedName(page)).toBe("Show password");
  await page.keyboard.press("Space"); // the toggle works from the keyboard
  await expect(page.getByRole("button", { name: "Show password" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator("#field-password")).toHaveAttribute("type", "text");
  await tabTo(page, "Sign up");
  await page.keyboard.press("Enter");

  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("main").getByRole("status")).toHaveText("Account created, please log in.");
  await expect(page.getByLabel("Username", { exact: true })).toBeFocused();
  await page.keyboard.type(newUser.username);
  await page.keyboard.press("Tab");
  await page.keyboard.type(newUser.password);
  await page.keyboard.press("Enter"); // Enter in a field submits its form
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByTestId("profile-username")).toHaveText(newUser.username);
  expect(await loginCookie(context, test.info())).toBeDefined();

  await tabTo(page, "Log out");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("main").getByRole("status")).toHaveText("You have been logged out.");
  expect(await loginCookie(context, test.info())).toBeUndefined();
});
