import type { APIRequestContext } from "@playwright/test";
import { findUser, orphanSessionCount, sessionsOfUser } from "../support/db";
import { expect, randomCredentials, test, type Credentials } from "../support/fixtures";

// Many clients at once: no 5xx, no duplicate users, nothing half-written.

test("50 simultaneous signups of one username create exactly one user; the rest get 409", async ({ playwright, baseURL }) => {
  const { username } = randomCredentials();
  const clients = await Promise.all(Array.from({ length: 50 }, () => playwright.request.newContext({ baseURL })));
  const statuses = await Promise.all(
    clients.map((api, i) => api.post("/api/signup", { data: { username, password: `concurrent-pass-${i}-xyzzy` } }).then((r) => r.status())),
  );
  expect(statuses.filter((s) => s === 201)).toHaveLength(1);
  expect(statuses.filter((s) => s === 409)).toHaveLength(49);
  expect(await findUser(username)).toBeDefined();
  await Promise.all(clients.map((api) => api.dispose()));
});

test("500 mixed requests from 50 concurrent clients: zero 5xx, and the database stays consistent", async ({ playwright, baseURL }) => {
  test.setTimeout(180_000);
  const users: Credentials[] = Array.from({ length: 50 }, randomCredentials);
  const clients: APIRequestContext[] = await Promise.all(users.map(() => playwright.request.newContext({ baseURL })));
  const statuses: number[] = [];
  const record = (status: number) => statuses.push(status);

  // Each client: signs up, then 9 more requests mixing login, profile, logout and a wrong login.
  await Promise.all(
    clients.map(async (api, i) => {
      const user = users[i]!;
      record((await api.post("/api/signup", { data: user })).status());
      for (let step = 0; step < 9; step++) {
        switch (step % 5) {
          case 0:
            record((await api.post("/api/login", { data: user })).status());
            break;
          case 1:
          case 2:
            record((await api.get("/api/profile")).status());
            break;
          case 3:
            record((await api.post("/api/logout")).status());
            break;
          default:
            record((await api.post("/api/login", { data: { ...user, password: "a-wrong-password" } })).status());
        }
      }
    }),
  );
  expect(statuses).toHaveLength(500);
  expect(statuses.filter((s) => s >= 500)).toEqual([]);

  expect(await orphanSessionCount()).toBe(0);
  // Every user exists once and can still log in with the password they signed up with; every
  // session row belongs to its user.
  for (const [i, user] of users.entries()) {
    const row = await findUser(user.username);
    expect(row, user.username).toBeDefined();
    for (const session of await sessionsOfUser(row!.id)) expect(session.user_id).toBe(row!.id);
    expect((await clients[i]!.post("/api/login", { data: user })).status()).toBe(200);
  }
  await Promise.all(clients.map((api) => api.dispose()));
});
