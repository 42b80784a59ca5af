import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { loginCookie } from "./support/session-cookie";

// The same flows with JavaScript off: every form must work as a plain HTML form POST.
test.use({ javaScriptEnabled: false });

/** Resolves when the page navigates by submitting a form (a POST document request). */
function formPost(page: Page, pathname: string) {
  return page.waitForRequest((request) => request.isNavigationRequest() && request.method() === "POST" && new URL(request.url()).pathname === pathname);
}

test("signup, login, profile and logout work without JavaScript", async ({ page, context, newUser, signupPage, loginPage, profilePage }) => {
  const signupPost = formPost(page, "/signup");
  await signupPage.signupSuccessfully(newUser);
  await signupPost;
  expect(await loginCookie(context, test.info())).toBeUndefined();

  // Passkeys need JavaScript: the page says so, offers no button, and the password form works.
  await loginPage.goto();
  await expect(page.locator(".passkey-login .form-aside")).toHaveText("Signing in with a passkey needs JavaScript; your password works without it.");
  await expect(page.getByRole("button", { name: "Sign in with a passkey" })).toHaveCount(0);
  const loginPost = formPost(page, "/login");
  await loginPage.submitCredentials(newUser);
  await loginPost;
  await expect(page).toHaveURL(/\/profile$/);
  await expect(profilePage.username).toHaveText(newUser.username);
  expect(await loginCookie(context, test.info())).toBeDefined();

  await page.goto("/");
  await expect(page.getByRole("main")).toContainText(`You are logged in as ${newUser.username}`);

  await profilePage.goto();
  await expect(page.locator("form", { has: profilePage.logoutButton })).toHaveAttribute("method", /^post$/i);
  await profilePage.logout();
  expect(await loginCookie(context, test.info())).toBeUndefined();
  await profilePage.goto();
  await expect(page).toHaveURL(/\/login\?next=%2Fprofile$/);
});

test("signup errors are shown without JavaScript", async ({ page, newUser, signupPage }) => {
  const post = formPost(page, "/signup");
  await signupPage.signup({ username: newUser.username, password: "short" });
  await post;
  await expect(signupPage.password).toHaveAccessibleDescription(/Use at least \d+ characters \(this one has 5\)\./);
  await expect(signupPage.username).toHaveValue(newUser.username);
  await expect(signupPage.password).toHaveValue("");
});

test("a failed login shows the generic alert without JavaScript", async ({ page, apiUser, loginPage }) => {
  const post = formPost(page, "/login");
  await loginPage.login({ username: apiUser.username, password: `${apiUser.password}-wrong` });
  await post;
  await expect(loginPage.alert).toHaveText("Invalid username or password");
  await expect(page).toHaveURL(/\/login$/);
});

test("next survives a login without JavaScript", async ({ page, apiUser, loginPage, profilePage }) => {
  await page.goto("/profile?tab=x");
  await expect(page).toHaveURL(/\/login\?next=%2Fprofile%3Ftab%3Dx$/);
  await loginPage.submitCredentials(apiUser);
  await expect(page).toHaveURL(/\/profile\?tab=x$/);
  await expect(profilePage.username).toHaveText(apiUser.username);
});
