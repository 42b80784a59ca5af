import { expect, test } from "./fixtures";

// Where an anonymous visitor is sent, and where a login sends them back to.

function locationOf(headers: Record<string, string>, baseURL: string | undefined): string {
  const url = new URL(headers.location ?? "", baseURL);
  return url.pathname + url.search;
}

test.describe("anonymous access to a protected page", () => {
  for (const [path, expected] of [
    ["/profile", "/login?next=%2Fprofile"],
    ["/profile?tab=x", "/login?next=%2Fprofile%3Ftab%3Dx"],
  ] as const) {
    test(`${path} answers 307 to ${expected}`, async ({ anonymousRequest, baseURL }) => {
      const response = await anonymousRequest.get(path, { maxRedirects: 0 });
      expect(response.status()).toBe(307);
      expect(locationOf(response.headers(), baseURL)).toBe(expected);
    });
  }

  test("login returns the user to the page and query they asked for", async ({ page, apiUser, loginPage, profilePage }) => {
    await page.goto("/profile?tab=x");
    await expect(page).toHaveURL(/\/login\?next=%2Fprofile%3Ftab%3Dx$/);

    await loginPage.submitCredentials(apiUser);
    await expect(page).toHaveURL(/\/profile\?tab=x$/);
    await expect(profilePage.username).toHaveText(apiUser.username);
  });

  test("a safe next outside the protected area is honoured too", async ({ page, apiUser, loginPage }) => {
    await loginPage.goto("/?from=login");
    await loginPage.submitCredentials(apiUser);
    await expect(page).toHaveURL(/\/\?from=login$/);
    await expect(page.getByRole("main")).toContainText(`You are logged in as ${apiUser.username}`);
  });
});

const UNSAFE_NEXT = ["//evil.example", "https://evil.example", "/\\evil.example", "javascript:alert(1)"];

test.describe("unsafe next values land on /profile", () => {
  for (const next of UNSAFE_NEXT) {
    test(`next=${next} in the login URL`, async ({ page, apiUser, loginPage, profilePage }) => {
      await loginPage.goto(next);
      await loginPage.submitCredentials(apiUser);
      await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/profile$/);
      await expect(profilePage.username).toHaveText(apiUser.username);
    });

    // The page drops an unsafe next, so this posts it by hand to test the server action's own check.
    test(`next=${next} posted with the login form`, async ({ page, apiUser, loginPage, profilePage }) => {
      await loginPage.goto();
      await page.locator("form", { has: loginPage.submit }).evaluate((form, value) => {
        const input = document.createElement("input");
        input.type = "hidden";
        input.name = "next";
        input.value = value;
        form.append(input);
      }, next);
      await loginPage.submitCredentials(apiUser);
      await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/profile$/);
      await expect(profilePage.username).toHaveText(apiUser.username);
    });
  }
});
