import { expect, test } from "./support/fixtures";

// ASVS 7.4.4: Log out is one click away on every page a logged-in user can see.

test("every authenticated page has Log out in its header", async ({ page, apiUser, loginPage }) => {
  await loginPage.loginSuccessfully(apiUser);
  for (const path of ["/", "/profile", "/profile/email", "/profile/password", "/profile/two-factor", "/profile/delete"]) {
    await page.goto(path);
    await expect(page.getByRole("banner").getByRole("button", { name: "Log out", exact: true }), path).toBeVisible();
  }
  await page.getByRole("banner").getByRole("button", { name: "Log out", exact: true }).click();
  await expect(page).toHaveURL(/\/login$/);
  expect((await page.request.get("/api/profile")).status()).toBe(401);
});
