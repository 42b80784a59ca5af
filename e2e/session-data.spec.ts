import { randomBytes } from "node:crypto";
import type { Browser } from "@playwright/test";
import { sessionsWithAgent } from "./support/db";
import { expect, test, type Credentials } from "./support/fixtures";
import { LoginPage, ProfilePage } from "./support/pages/auth-pages";
import { cookieHeader, SESSION_COOKIE, unsealCookie } from "./support/session-cookie";

// The session engine for every visitor (Django's request.session): lazy anonymous sessions, data
// that survives the login under a new key, logout that flushes, flash messages shown once.
// Each test browses with a user agent of its own, so its session rows can be told apart.

async function browse(browser: Browser, baseURL: string | undefined, options: { javaScriptEnabled?: boolean } = {}) {
  const userAgent = `seed-e2e-${randomBytes(8).toString("hex")}`;
  const context = await browser.newContext({ baseURL, userAgent, ...options });
  const page = await context.newPage();
  const cookie = async () => (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
  return { context, page, userAgent, cookie };
}

async function saveNote(page: import("@playwright/test").Page, note: string) {
  await page.goto("/");
  await page.getByLabel("Note").fill(note);
  await page.getByRole("button", { name: "Save note" }).click();
  await expect(page.getByRole("main").getByRole("status")).toHaveText(note ? "Your note is saved in your session." : "Your note is removed.");
}

test("pages and the API that only read create no session row and set no cookie", async ({ browser, baseURL }) => {
  const { context, page, userAgent, cookie } = await browse(browser, baseURL);
  for (const path of ["/", "/login", "/signup", "/login?next=%2Fprofile"]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
    expect(await response?.headerValue("set-cookie")).toBeNull();
  }
  await page.goto("/");
  await expect(page.getByTestId("session-kind")).toHaveText(/no session yet/);
  const api = await context.request.get("/api/session");
  expect(await api.json()).toEqual({ session: { exists: false, authenticated: false, note: null } });
  expect(await cookie()).toBeUndefined();
  expect(await sessionsWithAgent(userAgent)).toHaveLength(0);
  await context.close();
});

test("data written while anonymous survives the login under a new key; the old key is dead", async ({ browser, baseURL, apiUser }, testInfo) => {
  const { context, page, userAgent, cookie } = await browse(browser, baseURL);
  await saveNote(page, "blue umbrella");
  const anonymous = await cookie();
  expect(anonymous).toBeDefined();
  expect(await unsealCookie(anonymous!.value, testInfo)).toMatchObject({ a: 1 });
  const [row] = await sessionsWithAgent(userAgent);
  expect(row).toMatchObject({ user_id: null });
  expect(JSON.parse(row!.session_data)).toMatchObject({ note: "blue umbrella" });
  await expect(page.getByTestId("session-note")).toHaveText("blue umbrella");
  await expect(page.getByTestId("session-kind")).toHaveText(/anonymous session/);

  await new LoginPage(page).loginSuccessfully(apiUser);
  const loggedIn = await cookie();
  const sealed = await unsealCookie(loggedIn!.value, testInfo);
  expect(sealed.a).toBeUndefined();
  expect(sealed.k).not.toBe((await unsealCookie(anonymous!.value, testInfo)).k);
  // Still one row: the same session, its key changed (cycle_key), now the user's.
  const rows = await sessionsWithAgent(userAgent);
  expect(rows).toHaveLength(1);
  expect(rows[0]!.user_id).not.toBeNull();
  expect(rows[0]!.session_key_hash).not.toBe(row!.session_key_hash);
  await page.goto("/");
  await expect(page.getByTestId("session-note")).toHaveText("blue umbrella");
  await expect(page.getByTestId("session-kind")).toHaveText(/belongs to your login/);

  // The anonymous cookie replayed from elsewhere opens nothing any more.
  const replay = await context.request.get("/api/session", { headers: cookieHeader(anonymous!.value) });
  expect(await replay.json()).toEqual({ session: { exists: false, authenticated: false, note: null } });
  await context.close();
});

test("logging in as someone else flushes the other user's data", async ({ browser, baseURL, apiUser, request }) => {
  const other: Credentials = { username: `user_${randomBytes(6).toString("hex")}`, password: `pw-${randomBytes(12).toString("base64url")}` };
  expect((await request.post("/api/signup", { data: other })).status()).toBe(201);
  const { context, page } = await browse(browser, baseURL);
  await new LoginPage(page).loginSuccessfully(apiUser);
  await saveNote(page, "mine only");
  await new LoginPage(page).loginSuccessfully(other);
  await page.goto("/");
  await expect(page.getByTestId("session-note")).toHaveCount(0);
  await context.close();
});

test("logout flushes the data and the key", async ({ browser, baseURL, apiUser }, testInfo) => {
  const { context, page, userAgent, cookie } = await browse(browser, baseURL);
  await saveNote(page, "forget me");
  await new LoginPage(page).loginSuccessfully(apiUser);
  const loggedIn = (await cookie())!.value;
  await new ProfilePage(page).logout();
  await expect(page.getByRole("main").getByRole("status")).toHaveText("You have been logged out.");

  // What is left is a new anonymous session (it carried the notice) with nothing else in it.
  const rows = await sessionsWithAgent(userAgent);
  expect(rows).toHaveLength(1);
  expect(rows[0]!.user_id).toBeNull();
  expect(JSON.parse(rows[0]!.session_data)).toEqual({});
  const after = (await cookie())!.value;
  expect((await unsealCookie(after, testInfo)).k).not.toBe((await unsealCookie(loggedIn, testInfo)).k);
  await page.goto("/");
  await expect(page.getByTestId("session-note")).toHaveCount(0);
  const replay = await context.request.get("/api/profile", { headers: cookieHeader(loggedIn) });
  expect(replay.status()).toBe(401);
  await context.close();
});

for (const javaScriptEnabled of [true, false]) {
  test(`a flash message appears exactly once (${javaScriptEnabled ? "with" : "without"} JavaScript)`, async ({ browser, baseURL, newUser }) => {
    const { context, page } = await browse(browser, baseURL, { javaScriptEnabled });
    await page.goto("/signup");
    await page.getByLabel("Username").fill(newUser.username);
    await page.getByLabel("Password").fill(newUser.password);
    await page.getByRole("button", { name: "Sign up" }).click();
    await expect(page).toHaveURL(/\/login$/);
    const status = page.getByRole("main").getByRole("status");
    await expect(status).toHaveText("Account created, please log in.");
    await page.reload();
    await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
    await expect(status).toHaveCount(0);
    await page.goto("/");
    await expect(status).toHaveCount(0);
    await context.close();
  });
}

test("an anonymous session's cookie on a protected page is sent to the login page by the page; no cookie, by the middleware", async ({
  anonymousRequest,
  playwright,
  baseURL,
}) => {
  const saved = await anonymousRequest.post("/api/session", { data: { note: "just browsing" } });
  expect(saved.status()).toBe(200);
  expect(await saved.json()).toEqual({ session: { exists: true, authenticated: false, note: "just browsing" } });
  const response = await anonymousRequest.get("/profile", { maxRedirects: 0 });
  expect(response.status()).toBe(307);
  expect(new URL(response.headers().location!, baseURL).pathname + new URL(response.headers().location!, baseURL).search).toBe("/login?next=%2Fprofile");
  // A cookie skips the middleware (its matcher): the page's own check answered, in HTML.
  expect(response.headers()["content-type"]).toMatch(/^text\/html/);
  expect((await anonymousRequest.get("/api/profile")).status()).toBe(401);

  // Without any session cookie the middleware answers before any page code runs: no page body.
  const early = await playwright.request.newContext({ baseURL });
  const redirected = await early.get("/profile", { maxRedirects: 0 });
  expect(redirected.status()).toBe(307);
  expect(redirected.headers().location).toBe("/login?next=%2Fprofile");
  expect(redirected.headers()["content-type"]).toBeUndefined();
  await early.dispose();
});

test("/api/session refuses bad notes with 400 and keeps what was stored", async ({ anonymousRequest }) => {
  expect((await anonymousRequest.post("/api/session", { data: { note: "kept" } })).status()).toBe(200);
  for (const note of ["x".repeat(201), "bell\u0007", ["array"], { an: "object" }, 42]) {
    const response = await anonymousRequest.post("/api/session", { data: { note } });
    expect(response.status()).toBe(400);
    expect((await response.json()).fields.note).toBeDefined();
  }
  expect(await (await anonymousRequest.get("/api/session")).json()).toMatchObject({ session: { note: "kept" } });
  expect((await anonymousRequest.post("/api/session", { data: { note: "" } })).status()).toBe(200);
  expect(await (await anonymousRequest.get("/api/session")).json()).toMatchObject({ session: { exists: true, note: null } });
});
