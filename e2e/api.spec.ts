import type { APIRequestContext } from "@playwright/test";
import { expect, randomCredentials, test, type Credentials } from "./support/fixtures";
import { cookieHeader, cookieValue, sessionSetCookie } from "./support/session-cookie";

// The JSON API contract (DESIGN.md §3), status by status.

const EVIL_ORIGIN = { origin: "https://evil.example" };

async function apiLogin(request: APIRequestContext, credentials: Credentials): Promise<string> {
  const response = await request.post("/api/login", { data: credentials });
  expect(response.status()).toBe(200);
  const setCookie = sessionSetCookie(response);
  expect(setCookie).toBeDefined();
  return cookieValue(setCookie!);
}

test.describe("POST /api/signup", () => {
  test("201 for a JSON body", async ({ request, newUser }) => {
    const response = await request.post("/api/signup", { data: newUser });
    expect(response.status()).toBe(201);
    expect(await response.json()).toEqual({ message: "User created successfully" });
    expect(sessionSetCookie(response)).toBeUndefined();
  });

  test("201 for a form-encoded body, and the user can log in", async ({ request, newUser }) => {
    const response = await request.post("/api/signup", { form: newUser });
    expect(response.status()).toBe(201);
    expect(await response.json()).toEqual({ message: "User created successfully" });
    expect((await request.post("/api/login", { form: newUser })).status()).toBe(200);
  });

  test("400 with per-field errors for missing fields", async ({ request }) => {
    const response = await request.post("/api/signup", { data: {} });
    expect(response.status()).toBe(400);
    const body = await response.json();
    expect(body.error).toEqual(expect.any(String));
    expect(body.fields).toEqual({ username: [expect.any(String)], password: [expect.any(String)] });
  });

  test("400 with per-field errors for invalid fields", async ({ request, newUser }) => {
    const shortPassword = await request.post("/api/signup", { data: { username: newUser.username, password: "short" } });
    expect(shortPassword.status()).toBe(400);
    const shortBody = await shortPassword.json();
    expect(shortBody.error).toEqual(expect.any(String));
    expect(Object.keys(shortBody.fields)).toEqual(["password"]);

    const badName = await request.post("/api/signup", { data: { username: "no spaces!", password: newUser.password } });
    expect(badName.status()).toBe(400);
    const badBody = await badName.json();
    expect(badBody.error).toEqual(expect.any(String));
    expect(Object.keys(badBody.fields)).toEqual(["username"]);

    // Neither attempt created the user.
    expect((await request.post("/api/login", { data: { ...newUser, password: "short" } })).status()).toBe(401);
  });

  test("409 when the username is taken", async ({ request, apiUser }) => {
    const response = await request.post("/api/signup", { data: { username: apiUser.username, password: randomCredentials().password } });
    expect(response.status()).toBe(409);
    expect((await response.json()).error).toEqual(expect.any(String));
    // The original password still works: the account was not overwritten.
    expect((await request.post("/api/login", { data: apiUser })).status()).toBe(200);
  });
});

test("concurrent signups of one username create exactly one user", async ({ request, newUser }) => {
  const responses = await Promise.all(Array.from({ length: 5 }, () => request.post("/api/signup", { data: newUser })));
  expect(responses.map((response) => response.status()).sort()).toEqual([201, 409, 409, 409, 409]);
});

test.describe("POST /api/login", () => {
  test("200 with a session cookie", async ({ request, apiUser }) => {
    const response = await request.post("/api/login", { data: apiUser });
    expect(response.status()).toBe(200);
    expect(await response.json()).toEqual({ message: "Login successful" });
    const setCookie = sessionSetCookie(response)!;
    expect(setCookie).toMatch(/; HttpOnly/i);
    expect(setCookie).toMatch(/; SameSite=Lax/i);
    expect(setCookie).toMatch(/; Path=\//i);
    expect(setCookie).not.toMatch(/Max-Age|Expires/i);
  });

  test("remember: true makes the cookie persistent", async ({ request, apiUser }) => {
    const response = await request.post("/api/login", { data: { ...apiUser, remember: true } });
    expect(response.status()).toBe(200);
    expect(sessionSetCookie(response)).toMatch(/; Max-Age=2592000/i);
  });

  test("401 with identical bodies for a wrong password and an unknown user", async ({ request, apiUser }) => {
    const wrongPassword = await request.post("/api/login", { data: { ...apiUser, password: `${apiUser.password}x` } });
    const unknownUser = await request.post("/api/login", { data: { ...apiUser, username: `${apiUser.username}_nobody` } });
    expect(wrongPassword.status()).toBe(401);
    expect(unknownUser.status()).toBe(401);
    expect(await wrongPassword.json()).toEqual({ error: "Invalid credentials" });
    expect(await unknownUser.text()).toBe(await wrongPassword.text());
    expect(sessionSetCookie(wrongPassword)).toBeUndefined();
    expect(sessionSetCookie(unknownUser)).toBeUndefined();
  });
});

test.describe("GET /api/profile", () => {
  test("200 with the profile when logged in", async ({ request, apiUser }) => {
    await apiLogin(request, apiUser);
    const response = await request.get("/api/profile");
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body.profile.username).toBe(apiUser.username);
    expect(JSON.stringify(body)).not.toMatch(/password|bcrypt/i);
  });

  test("401 without a cookie", async ({ anonymousRequest }) => {
    const response = await anonymousRequest.get("/api/profile");
    expect(response.status()).toBe(401);
    expect(await response.json()).toEqual({ error: "Unauthorized" });
  });
});

test.describe("POST /api/logout", () => {
  test("200, and the old cookie replayed afterwards is anonymous", async ({ request, anonymousRequest, apiUser }) => {
    const cookie = await apiLogin(request, apiUser);
    expect((await anonymousRequest.get("/api/profile", { headers: cookieHeader(cookie) })).status()).toBe(200);

    const logout = await request.post("/api/logout");
    expect(logout.status()).toBe(200);
    expect(sessionSetCookie(logout)).toMatch(/^sessionid=;|Max-Age=0|Expires=Thu, 01 Jan 1970/i);

    const api = await anonymousRequest.get("/api/profile", { headers: cookieHeader(cookie) });
    expect(api.status()).toBe(401);
    const page = await anonymousRequest.get("/profile", { headers: cookieHeader(cookie), maxRedirects: 0 });
    expect(page.status()).toBe(307);
    expect(page.headers().location).toMatch(/\/login\?next=%2Fprofile$/);
  });

  test("replaying a logged-out cookie in a browser is anonymous", async ({ browser, request, apiUser, baseURL }) => {
    const cookie = await apiLogin(request, apiUser);
    expect((await request.post("/api/logout")).status()).toBe(200);

    const context = await browser.newContext({ baseURL });
    await context.addCookies([{ name: "sessionid", value: cookie, url: baseURL! }]);
    const page = await context.newPage();
    await page.goto("/profile");
    await expect(page).toHaveURL(/\/login\?next=%2Fprofile$/);
    await context.close();
  });
});

test("GET /api/health answers 200 ok", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok" });
});

test.describe("request hygiene", () => {
  test("cross-origin POSTs are refused with 403", async ({ request, apiUser, newUser }) => {
    const cookie = await apiLogin(request, apiUser);
    const signup = await request.post("/api/signup", { data: newUser, headers: EVIL_ORIGIN });
    const login = await request.post("/api/login", { data: apiUser, headers: EVIL_ORIGIN });
    const logout = await request.post("/api/logout", { headers: EVIL_ORIGIN });
    expect([signup.status(), login.status(), logout.status()]).toEqual([403, 403, 403]);
    expect(sessionSetCookie(login)).toBeUndefined();

    // Nothing happened: no user was created and the session survived the forged logout.
    expect((await request.post("/api/login", { data: newUser })).status()).toBe(401);
    expect((await request.get("/api/profile", { headers: cookieHeader(cookie) })).status()).toBe(200);
  });

  test("a same-origin Origin header is accepted", async ({ request, newUser, baseURL }) => {
    const origin = new URL(baseURL!).origin;
    expect((await request.post("/api/signup", { data: newUser, headers: { origin } })).status()).toBe(201);
    expect((await request.post("/api/login", { data: newUser, headers: { origin } })).status()).toBe(200);
    expect((await request.post("/api/logout", { headers: { origin } })).status()).toBe(200);
  });

  for (const path of ["/api/signup", "/api/login"]) {
    test(`${path}: malformed JSON 400, JSON array 400, text/plain 415`, async ({ request, newUser }) => {
      const malformed = await request.post(path, {
        headers: { "content-type": "application/json" },
        data: '{"username": "x", ',
      });
      expect(malformed.status()).toBe(400);
      expect((await malformed.json()).error).toEqual(expect.any(String));

      const array = await request.post(path, {
        headers: { "content-type": "application/json" },
        data: JSON.stringify([newUser.username, newUser.password]),
      });
      expect(array.status()).toBe(400);

      const plain = await request.post(path, {
        headers: { "content-type": "text/plain" },
        data: JSON.stringify(newUser),
      });
      expect(plain.status()).toBe(415);
    });
  }
});
