import { expect, test } from "./support/fixtures";
import { cookieHeader, SESSION_COOKIE } from "./support/session-cookie";

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

  test("a revoked session keeps the query in next", async ({ anonymousRequest, request, apiUser, baseURL }) => {
    const login = await request.post("/api/login", { data: apiUser });
    expect(login.status()).toBe(200);
    const cookie = (await request.storageState()).cookies.find((c) => c.name === SESSION_COOKIE)!.value;
    expect((await request.post("/api/logout")).status()).toBe(200);

    // A cookie skips the middleware, so the page itself must redirect.
    const response = await anonymousRequest.get("/profile?tab=x", {
      headers: cookieHeader(cookie),
      maxRedirects: 0,
    });
    expect(response.status()).toBe(307);
    expect(locationOf(response.headers(), baseURL)).toBe("/login?next=%2Fprofile%3Ftab%3Dx");
  });

  test("a safe next outside the protected area is honoured too", async ({ page, apiUser, loginPage }) => {
    await loginPage.goto("/?from=login");
    await loginPage.submitCredentials(apiUser);
    await expect(page).toHaveURL(/\/\?from=login$/);
    await expect(page.getByRole("main")).toContainText(`You are logged in as ${apiUser.username}`);
  });
});

const UNSAFE_NEXT = [
  "//evil.example",
  "https://evil.example",
  "/\\evil.example",
  "javascript:alert(1)",
  // Dot segments that URL normalisation collapses into "//evil.example".
  "/.//evil.example",
  "/a/..//evil.example",
  // A tab is stripped by browsers: "/\t/evil.example" would become "//evil.example".
  "/%09/evil.example",
  "/\t/evil.example",
  "https://localhost@evil.example",
  "http://localhost:3100/profile@evil.example",
  "\\evil.example",
];

test.describe("unsafe next values land on /profile", () => {
  test.beforeEach(async ({ page }) => {
    // Should a redirect escape, it lands on a recognisable page instead of a DNS error.
    await page.route(/^https?:\/\/evil\.example/, (route) => route.fulfill({ contentType: "text/html", body: "<h1>evil.example</h1>" }));
  });

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
      const post = page.waitForRequest((request) => request.method() === "POST");
      await loginPage.submitCredentials(apiUser);
      expect((await post).postData()).toContain(next);
      await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/profile$/);
      await expect(profilePage.username).toHaveText(apiUser.username);
    });
  }
});
