import { findUser, sessionsOfUser } from "./support/db";
import { expect, test } from "./support/fixtures";
import { cookieHeader, flipOneCharacter, sessionCookie, unsealCookie } from "./support/session-cookie";

const SESSION_ABSOLUTE_AGE = 30 * 24 * 60 * 60;

test.describe("the session cookie", () => {
  test("without Remember me it is a browser-session cookie", async ({ context, apiUser, loginPage }) => {
    await loginPage.loginSuccessfully(apiUser);
    const cookie = await sessionCookie(context);
    expect(cookie).toBeDefined();
    expect(cookie!.expires).toBe(-1);
  });

  test("with Remember me it persists for the absolute session age", async ({ context, apiUser, loginPage }) => {
    const before = Date.now() / 1000;
    await loginPage.loginSuccessfully(apiUser, { remember: true });
    const after = Date.now() / 1000;

    const cookie = await sessionCookie(context);
    expect(cookie).toBeDefined();
    expect(cookie!.expires).toBeGreaterThanOrEqual(Math.floor(before + SESSION_ABSOLUTE_AGE - 5));
    expect(cookie!.expires).toBeLessThanOrEqual(Math.ceil(after + SESSION_ABSOLUTE_AGE + 5));
  });

  test("is named sessionid, HttpOnly, SameSite=Lax, Path=/ and holds only a random key", async ({ page, context, apiUser, loginPage }, testInfo) => {
    await loginPage.loginSuccessfully(apiUser);
    const cookie = await sessionCookie(context);
    expect(cookie).toMatchObject({ name: "sessionid", httpOnly: true, sameSite: "Lax", path: "/" });

    const userId = (await findUser(apiUser.username))!.id;
    expect(cookie!.value).not.toContain(apiUser.username);
    const sealed = await unsealCookie(cookie!.value, testInfo);
    // The key, and the seal's purpose (lib/auth/secrets/seal.ts): nothing about the user.
    expect(sealed).toEqual({ k: expect.any(String), p: "session" });
    expect(sealed.k).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(sealed)).not.toContain(apiUser.username);
    expect(Object.values(sealed)).not.toContain(userId);
    expect(Object.values(sealed)).not.toContain(String(userId));

    // HttpOnly as the page's scripts see it.
    expect(await page.evaluate(() => document.cookie)).not.toContain("sessionid");
  });

  test("every login issues a fresh key and retires the previous one", async ({ context, apiUser, loginPage, anonymousRequest }, testInfo) => {
    await loginPage.loginSuccessfully(apiUser);
    const first = (await sessionCookie(context))!.value;

    await loginPage.loginSuccessfully(apiUser);
    const second = (await sessionCookie(context))!.value;

    expect(second).not.toBe(first);
    expect((await unsealCookie(second, testInfo)).k).not.toBe((await unsealCookie(first, testInfo)).k);
    expect((await anonymousRequest.get("/api/profile", { headers: cookieHeader(first) })).status()).toBe(401);
    expect((await anonymousRequest.get("/api/profile", { headers: cookieHeader(second) })).status()).toBe(200);
    expect(await sessionsOfUser((await findUser(apiUser.username))!.id)).toHaveLength(1);
  });
});

test.describe("a malformed or tampered cookie is anonymous, never an error", () => {
  test("on /api/profile and /profile", async ({ context, apiUser, loginPage, anonymousRequest }) => {
    await loginPage.loginSuccessfully(apiUser);
    const real = (await sessionCookie(context))!.value;
    expect((await anonymousRequest.get("/api/profile", { headers: cookieHeader(real) })).status()).toBe(200);

    const forged: Record<string, string> = {
      "a random string": "Zm9vYmFyYmF6cXV4cXV1eA-random-garbage",
      "a truncated real cookie": real.slice(0, Math.floor(real.length / 2)),
      "a real cookie with one character changed": flipOneCharacter(real),
      "an empty value": "",
    };
    for (const [label, value] of Object.entries(forged)) {
      await test.step(label, async () => {
        expect(value).not.toBe(real);
        const api = await anonymousRequest.get("/api/profile", { headers: cookieHeader(value) });
        expect(api.status()).toBe(401);
        expect(await api.json()).toEqual({ error: "Unauthorized" });

        const page = await anonymousRequest.get("/profile", { headers: cookieHeader(value), maxRedirects: 0 });
        expect(page.status()).toBe(307);
        expect(page.headers().location).toMatch(/\/login\?next=%2Fprofile$/);
      });
    }
  });

  test("in the browser", async ({ page, context, apiUser, loginPage, baseURL }) => {
    await loginPage.loginSuccessfully(apiUser);
    const real = (await sessionCookie(context))!;

    await context.clearCookies();
    await context.addCookies([{ name: real.name, value: flipOneCharacter(real.value), url: baseURL! }]);
    const response = await page.goto("/profile");
    expect(response!.status()).toBeLessThan(500);
    await expect(page).toHaveURL(/\/login\?next=%2Fprofile$/);
    await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
  });
});
