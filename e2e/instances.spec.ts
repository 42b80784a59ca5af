import type { APIRequestContext } from "@playwright/test";
import { dropTestDatabase, testDatabaseUrl } from "../tests/support/databases.mjs";
import { instancePort, migrateDatabase, startAppInstance, type AppInstance } from "./app-instance";
import { expect, randomCredentials, test, type Credentials } from "./fixtures";
import { cookieHeader, cookieValue, sessionSetCookie } from "./session-cookie";

// Two app instances on one database, as behind a load balancer: all state that matters lives in
// the database, so either instance can serve any request. (PostgreSQL is the setup this is for;
// two processes share a SQLite file just as well, so the suite runs on both.)

test.describe.configure({ mode: "serial" });

let databaseUrl: string;
let a: AppInstance;
let b: AppInstance;
test.beforeAll(async () => {
  test.setTimeout(120_000);
  databaseUrl = testDatabaseUrl("shared");
  migrateDatabase(databaseUrl); // once, before both start (each would otherwise race to create it)
  [a, b] = await Promise.all([
    startAppInstance(instancePort(2), { databaseUrl }),
    startAppInstance(instancePort(3), { databaseUrl }),
  ]);
});
test.afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  if (databaseUrl) await dropTestDatabase(databaseUrl);
});

/** Signs a new user up on `instance` and logs in there; returns the session cookie's value. */
async function loginOn(api: APIRequestContext, instance: AppInstance, user: Credentials): Promise<string> {
  expect((await api.post(`${instance.baseURL}/api/signup`, { data: user })).status()).toBe(201);
  const login = await api.post(`${instance.baseURL}/api/login`, { data: user });
  expect(login.status()).toBe(200);
  return cookieValue(sessionSetCookie(login)!);
}

/** GET /api/profile on `instance` with only this session cookie (no cookie jar involved). */
async function profileStatus(api: APIRequestContext, instance: AppInstance, cookie: string): Promise<number> {
  return (await api.get(`${instance.baseURL}/api/profile`, { headers: cookieHeader(cookie) })).status();
}

test("a login on one instance is valid on the other", async ({ anonymousRequest: api }) => {
  const user = randomCredentials();
  const cookie = await loginOn(api, a, user);
  const profile = await api.get(`${b.baseURL}/api/profile`, { headers: cookieHeader(cookie) });
  expect(profile.status()).toBe(200);
  expect((await profile.json()).profile.username).toBe(user.username);
});

test("a logout on one instance is enforced by the other on the next request", async ({ anonymousRequest: api }) => {
  const cookie = await loginOn(api, a, randomCredentials());
  expect(await profileStatus(api, b, cookie)).toBe(200);

  expect((await api.post(`${b.baseURL}/api/logout`, { headers: cookieHeader(cookie) })).status()).toBe(200);
  expect(await profileStatus(api, a, cookie)).toBe(401);
  expect(await profileStatus(api, b, cookie)).toBe(401);
});
