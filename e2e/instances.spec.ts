import type { APIRequestContext } from "@playwright/test";
import { dropTestDatabase, testDatabaseUrl } from "../tests/support/databases.mjs";
import { instancePort, migrateDatabase, startAppInstance, type AppInstance } from "./support/app-instance";
import { expect, randomCredentials, test, type Credentials } from "./support/fixtures";
import { cookieHeader, cookieValue, sessionSetCookie } from "./support/session-cookie";

// Two app instances on one database, as behind a load balancer: all state that matters lives in
// the database, so either instance can serve any request. (PostgreSQL is the setup this is for;
// two processes share a SQLite file just as well, so the suite runs on both.)

test.describe.configure({ mode: "serial" });

const ACCOUNT_FREE = 3;
const BASE_DELAY = 60; // long enough that no block runs out during the test
const env = {
  THROTTLE_LOGIN_ACCOUNT_FREE: String(ACCOUNT_FREE),
  THROTTLE_BASE_DELAY: String(BASE_DELAY),
  // Every request comes from 127.0.0.1: keep the per-client limits out of the way.
  THROTTLE_LOGIN_CLIENT_FREE: "100000",
  THROTTLE_SIGNUP_CLIENT_FREE: "100000",
  THROTTLE_SESSION_CLIENT_FREE: "100000",
};

let databaseUrl: string;
let a: AppInstance;
let b: AppInstance;
test.beforeAll(async () => {
  test.setTimeout(120_000);
  databaseUrl = testDatabaseUrl("shared");
  migrateDatabase(databaseUrl); // once, before both start (each would otherwise race to create it)
  [a, b] = await Promise.all([startAppInstance(instancePort(6), { databaseUrl, env }), startAppInstance(instancePort(7), { databaseUrl, env })]);
});
test.afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  if (databaseUrl) await dropTestDatabase(databaseUrl);
});

async function signupOn(api: APIRequestContext, instance: AppInstance, user: Credentials): Promise<void> {
  expect((await api.post(`${instance.baseURL}/api/signup`, { data: user })).status()).toBe(201);
}

/** Logs in on `instance`; returns the session cookie's value. */
async function loginOn(api: APIRequestContext, instance: AppInstance, user: Credentials): Promise<string> {
  const login = await api.post(`${instance.baseURL}/api/login`, { data: user });
  expect(login.status()).toBe(200);
  return cookieValue(sessionSetCookie(login)!);
}

/** A user signed up on `instance`, not logged in anywhere. */
async function newUser(api: APIRequestContext, instance: AppInstance): Promise<Credentials> {
  const user = randomCredentials();
  await signupOn(api, instance, user);
  return user;
}

/** GET /api/profile on `instance` with only this session cookie (no cookie jar involved). */
async function profileStatus(api: APIRequestContext, instance: AppInstance, cookie: string): Promise<number> {
  return (await api.get(`${instance.baseURL}/api/profile`, { headers: cookieHeader(cookie) })).status();
}

test("a login on one instance is valid on the other", async ({ anonymousRequest: api }) => {
  const user = await newUser(api, b);
  const cookie = await loginOn(api, a, user);
  const profile = await api.get(`${b.baseURL}/api/profile`, { headers: cookieHeader(cookie) });
  expect(profile.status()).toBe(200);
  expect((await profile.json()).profile.username).toBe(user.username);
});

test("a logout on one instance is enforced by the other on the next request", async ({ anonymousRequest: api }) => {
  const cookie = await loginOn(api, a, await newUser(api, a));
  expect(await profileStatus(api, b, cookie)).toBe(200);

  expect((await api.post(`${b.baseURL}/api/logout`, { headers: cookieHeader(cookie) })).status()).toBe(200);
  expect(await profileStatus(api, a, cookie)).toBe(401);
  expect(await profileStatus(api, b, cookie)).toBe(401);
});

test("a password change on one instance ends the user's other sessions on the other", async ({ anonymousRequest: api }) => {
  const user = await newUser(api, a);
  const onA = await loginOn(api, a, user);
  const onB = await loginOn(api, b, user);
  const newPassword = `${user.password}-changed`;

  const change = await api.post(`${b.baseURL}/api/password`, {
    data: { currentPassword: user.password, newPassword },
    headers: cookieHeader(onB),
  });
  expect(change.status()).toBe(200);
  expect(await profileStatus(api, a, onA)).toBe(401);
  expect(await profileStatus(api, a, onB)).toBe(401);
  // The fresh session B handed out works on A, and so does the new password.
  expect(await profileStatus(api, a, cookieValue(sessionSetCookie(change)!))).toBe(200);
  expect((await api.post(`${a.baseURL}/api/login`, { data: user })).status()).toBe(401);
  await loginOn(api, a, { ...user, password: newPassword });
});

test("login throttling counts the attempts made on both instances", async ({ anonymousRequest: api }) => {
  const user = await newUser(api, a);
  const instances = [a, b];
  for (let i = 0; i < ACCOUNT_FREE; i++) {
    const guess = await api.post(`${instances[i % 2]!.baseURL}/api/login`, { data: { ...user, password: `wrong-${i}` } });
    expect(guess.status()).toBe(401);
  }
  // Neither instance saw more than two of the three guesses; together they used up the account's.
  for (const instance of instances) {
    const refused = await api.post(`${instance.baseURL}/api/login`, { data: user });
    expect(refused.status()).toBe(429);
    expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(BASE_DELAY / 2);
  }
});
