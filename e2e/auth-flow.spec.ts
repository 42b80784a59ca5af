import { findUser } from "./support/db";
import { expect, test } from "./support/fixtures";
import { loginCookie } from "./support/session-cookie";

test.describe("signup, login, logout", () => {
  test("a new user signs up, logs in, sees their name, logs out and is locked out again", async ({
    page,
    context,
    newUser,
    signupPage,
    loginPage,
    profilePage,
  }) => {
    await signupPage.signupSuccessfully(newUser);

    await loginPage.submitCredentials(newUser);
    await expect(page).toHaveURL(/\/profile$/);
    await expect(profilePage.username).toHaveText(newUser.username);

    await page.goto("/");
    await expect(page.getByRole("main")).toContainText(`You are logged in as ${newUser.username}`);

    await profilePage.goto();
    await profilePage.logout();
    expect(await loginCookie(context, test.info())).toBeUndefined();

    await profilePage.goto();
    await expect(page).toHaveURL(/\/login\?next=%2Fprofile$/);
    await page.goto("/");
    await expect(page.getByRole("main")).toContainText("You are not logged in");
  });

  test("signup creates the user but does not log them in", async ({ page, context, newUser, signupPage }) => {
    await signupPage.signupSuccessfully(newUser);

    expect(await findUser(newUser.username)).toBeDefined();
    expect(await loginCookie(context, test.info())).toBeUndefined();
    await page.goto("/profile");
    await expect(page).toHaveURL(/\/login\?next=%2Fprofile$/);
  });

  test("a wrong password and an unknown username get the same generic alert", async ({ page, context, apiUser, loginPage }) => {
    await loginPage.login({ username: apiUser.username, password: `${apiUser.password}-wrong` });
    await expect(loginPage.alert).toHaveText("Invalid username or password");
    await expect(page).toHaveURL(/\/login$/);
    await expect(loginPage.password).toHaveValue("");
    const wrongPassword = await loginPage.alert.innerText();

    await loginPage.login({ username: `${apiUser.username}_nobody`, password: apiUser.password });
    await expect(loginPage.alert).toHaveText("Invalid username or password");
    expect(await loginPage.alert.innerText()).toBe(wrongPassword);
    await expect(page).toHaveURL(/\/login$/);

    expect(await loginCookie(context, test.info())).toBeUndefined();
  });

  test("the home page says who is logged in", async ({ page, apiUser, loginPage }) => {
    await page.goto("/");
    await expect(page.getByRole("main")).toContainText("You are not logged in");

    await loginPage.loginSuccessfully(apiUser);
    await page.goto("/");
    await expect(page.getByRole("main").getByRole("strong")).toHaveText(apiUser.username);
  });

  test("the header shows who is logged in on every page", async ({ page, apiUser, loginPage }) => {
    const account = page.getByRole("navigation", { name: "Account" });
    await page.goto("/signup");
    await expect(account.getByRole("link", { name: "Log in" })).toBeVisible();
    await expect(account).not.toContainText("Signed in as");

    await loginPage.loginSuccessfully(apiUser);
    for (const path of ["/", "/profile", "/signup"]) {
      await page.goto(path);
      await expect(account).toContainText(`Signed in as ${apiUser.username}`);
    }
  });
});

test.describe("signup validation", () => {
  test("a short password is reported next to the password field and the username is kept", async ({ page, newUser, signupPage }) => {
    await signupPage.signup({ username: newUser.username, password: "short" });

    await expect(signupPage.password).toHaveAttribute("aria-invalid", "true");
    await expect(signupPage.password).toHaveAccessibleDescription(/Use at least \d+ characters \(this one has 5\)\./);
    await expect(signupPage.username).toHaveValue(newUser.username);
    await expect(signupPage.password).toHaveValue("");
    await expect(page).toHaveURL(/\/signup$/);
    expect(await findUser(newUser.username)).toBeUndefined();
  });

  test("a username with forbidden characters is reported next to the username field", async ({ page, newUser, signupPage }) => {
    const badName = `bad name!${newUser.username}`;
    await signupPage.signup({ username: badName, password: newUser.password });

    await expect(signupPage.username).toHaveAttribute("aria-invalid", "true");
    await expect(signupPage.username).toHaveAccessibleDescription(/Use only letters, digits and @ \. \+ - _/);
    await expect(signupPage.username).toHaveValue(badName);
    await expect(signupPage.password).toHaveValue("");
    await expect(page).toHaveURL(/\/signup$/);
    expect(await findUser(badName)).toBeUndefined();
  });

  test("a taken username is reported next to the username field", async ({ page, apiUser, newUser, signupPage }) => {
    await signupPage.signup({ username: apiUser.username, password: newUser.password });

    await expect(signupPage.username).toHaveAttribute("aria-invalid", "true");
    await expect(signupPage.username).toHaveAccessibleDescription(/That username is taken\./);
    await expect(signupPage.username).toHaveValue(apiUser.username);
    await expect(signupPage.password).toHaveValue("");
    await expect(page).toHaveURL(/\/signup$/);
  });
});

// The Log out button itself is checked as a POST form in no-js.spec.ts (with JavaScript, React
// replaces the form's method and action with its own submit handler).
test.describe("logout is a POST", () => {
  test("GET requests to logout URLs do not end the session", async ({ page, apiUser, loginPage, profilePage }) => {
    await loginPage.loginSuccessfully(apiUser);

    expect((await page.request.get("/logout")).status()).toBe(404);
    expect((await page.request.get("/api/logout")).status()).toBe(405);
    expect((await page.request.get("/profile/logout")).status()).toBe(404);

    await profilePage.goto();
    await expect(page).toHaveURL(/\/profile$/);
    await expect(profilePage.username).toHaveText(apiUser.username);
    expect((await page.request.get("/api/profile")).status()).toBe(200);
  });
});
