import { randomBytes } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { expireSessionsOfUser, findUser, sessionsOfUser, setUserActiveInDatabase } from "../support/db";
import { expect, test, type Credentials } from "../support/fixtures";
import { cookieHeader, cookieValue, sealCookie, SESSION_COOKIE, sessionSetCookie } from "../support/session-cookie";

// Session fixation, timeouts, logout, password change and deactivation, seen from the outside.

async function loginFor(api: APIRequestContext, credentials: Credentials): Promise<string> {
  const response = await api.post("/api/login", { data: credentials });
  expect(response.status()).toBe(200);
  return cookieValue(sessionSetCookie(response)!);
}

async function profileStatus(api: APIRequestContext, cookie: string): Promise<number> {
  return (await api.get("/api/profile", { headers: cookieHeader(cookie) })).status();
}

test("fixation: a cookie planted before login is never authenticated after it", async ({ browser, baseURL, apiUser, anonymousRequest }, testInfo) => {
  // The attacker plants a well-formed cookie (sealed with the real secret, the strongest case) in
  // the victim's browser, then waits for the victim to log in.
  const planted = await sealCookie(randomBytes(32).toString("base64url"), testInfo);
  const context = await browser.newContext({ baseURL });
  await context.addCookies([{ name: SESSION_COOKIE, value: planted, url: baseURL! }]);
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Username", { exact: true }).fill(apiUser.username);
  await page.getByLabel("Password", { exact: true }).fill(apiUser.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/profile$/);

  const issued = (await context.cookies()).find((c) => c.name === SESSION_COOKIE)!.value;
  expect(issued).not.toBe(planted);
  expect(await profileStatus(anonymousRequest, planted)).toBe(401);
  expect(await profileStatus(anonymousRequest, issued)).toBe(200);
  await context.close();
});

test("fixation: logging in again retires the session the browser held before", async ({ request, apiUser, anonymousRequest }) => {
  const first = await loginFor(request, apiUser);
  const second = await loginFor(request, apiUser);
  expect(second).not.toBe(first);
  expect(await profileStatus(anonymousRequest, first)).toBe(401);
  expect(await profileStatus(anonymousRequest, second)).toBe(200);
});

for (const [limit, column] of [
  ["idle", "expire_date"],
  ["absolute", "absolute_expire_date"],
] as const) {
  test(`a session past its ${limit} limit is refused and removed`, async ({ request, apiUser, anonymousRequest }) => {
    const cookie = await loginFor(request, apiUser);
    const user = (await findUser(apiUser.username))!;
    await expireSessionsOfUser(user.id, column);
    expect(await profileStatus(anonymousRequest, cookie)).toBe(401);
    expect(await sessionsOfUser(user.id)).toHaveLength(0);
  });
}

test("logout: GET never logs out, a cross-origin POST is refused, a same-origin POST deletes the row", async ({ request, apiUser, anonymousRequest }) => {
  const cookie = await loginFor(request, apiUser);
  const user = (await findUser(apiUser.username))!;

  expect((await anonymousRequest.get("/api/logout", { headers: cookieHeader(cookie) })).status()).toBe(405);
  const crossSite = await anonymousRequest.post("/api/logout", {
    headers: { ...cookieHeader(cookie), origin: "https://evil.example" },
  });
  expect(crossSite.status()).toBe(403);
  expect(await profileStatus(anonymousRequest, cookie)).toBe(200);

  expect((await anonymousRequest.post("/api/logout", { headers: cookieHeader(cookie) })).status()).toBe(200);
  expect(await sessionsOfUser(user.id)).toHaveLength(0);
  expect(await profileStatus(anonymousRequest, cookie)).toBe(401);
});

test("a password change ends every other session at once and gives this one a fresh key", async ({ playwright, baseURL, apiUser, anonymousRequest }) => {
  const here = await playwright.request.newContext({ baseURL });
  const elsewhere = await playwright.request.newContext({ baseURL });
  const before = await loginFor(here, apiUser);
  const other = await loginFor(elsewhere, apiUser);
  const newPassword = `new-${randomBytes(12).toString("base64url")}`;

  const wrong = await here.post("/api/password", { data: { currentPassword: "not-it", newPassword } });
  expect(wrong.status()).toBe(400);
  expect(await profileStatus(anonymousRequest, other)).toBe(200);

  const changed = await here.post("/api/password", { data: { currentPassword: apiUser.password, newPassword } });
  expect(changed.status()).toBe(200);
  const after = cookieValue(sessionSetCookie(changed)!);
  expect(after).not.toBe(before);
  expect(await profileStatus(anonymousRequest, other)).toBe(401);
  expect(await profileStatus(anonymousRequest, before)).toBe(401);
  expect(await profileStatus(anonymousRequest, after)).toBe(200);
  expect((await anonymousRequest.post("/api/login", { data: apiUser })).status()).toBe(401);
  expect((await anonymousRequest.post("/api/login", { data: { ...apiUser, password: newPassword } })).status()).toBe(200);
  await here.dispose();
  await elsewhere.dispose();
});

test("a password change is refused without a session, and checks the new password's policy", async ({ request, apiUser, anonymousRequest }) => {
  const anonymous = await anonymousRequest.post("/api/password", {
    data: { currentPassword: apiUser.password, newPassword: "a-fine-new-password-123" },
  });
  expect(anonymous.status()).toBe(401);
  await loginFor(request, apiUser);
  const weak = await request.post("/api/password", { data: { currentPassword: apiUser.password, newPassword: "password1234" } });
  expect(weak.status()).toBe(400);
  expect((await weak.json()).fields.newPassword[0]).toContain("commonly used");
});

test("a deactivated account's sessions stop working on the next request", async ({ request, apiUser, anonymousRequest }) => {
  const cookie = await loginFor(request, apiUser);
  await setUserActiveInDatabase((await findUser(apiUser.username))!.id, false);
  expect(await profileStatus(anonymousRequest, cookie)).toBe(401);
  expect((await anonymousRequest.post("/api/login", { data: apiUser })).status()).toBe(401);
});
