import { dropTestDatabase, testDatabaseUrl } from "../../tests/support/databases.mjs";
import { instancePort, startAppInstance } from "../app-instance";
import { expect, randomCredentials, test } from "../fixtures";
import { cookieHeader, cookieValue, sessionSetCookie } from "../session-cookie";

// The process around the app: a restart keeps every session; SIGTERM lets in-flight requests
// finish before the process exits.

test.describe.configure({ mode: "serial" });

test("a restart keeps every session", async ({ playwright }) => {
  test.setTimeout(120_000);
  const databaseUrl = testDatabaseUrl("restart"); // kept across the restart
  const api = await playwright.request.newContext();
  const probe = await playwright.request.newContext();
  let app = await startAppInstance(instancePort(9), { databaseUrl });
  try {
    const cookies: string[] = [];
    for (let i = 0; i < 3; i++) {
      const user = randomCredentials();
      await api.post(`${app.baseURL}/api/signup`, { data: user });
      const login = await (await playwright.request.newContext()).post(`${app.baseURL}/api/login`, { data: user });
      cookies.push(cookieValue(sessionSetCookie(login)!));
    }
    await app.stop();
    app = await startAppInstance(instancePort(9), { databaseUrl });
    for (const cookie of cookies) {
      expect((await probe.get(`${app.baseURL}/api/profile`, { headers: cookieHeader(cookie) })).status()).toBe(200);
    }
  } finally {
    await app.stop();
    await dropTestDatabase(databaseUrl);
    await api.dispose();
    await probe.dispose();
  }
});

test("SIGTERM lets in-flight requests finish, then the server exits", async ({ playwright }) => {
  test.setTimeout(120_000);
  // A real bcrypt cost makes a login slow enough to be in flight when the signal arrives.
  const app = await startAppInstance(instancePort(10), { env: { BCRYPT_COST: "11" } });
  const api = await playwright.request.newContext({ baseURL: app.baseURL });
  try {
    const user = randomCredentials();
    expect((await api.post("/api/signup", { data: user })).status()).toBe(201);
    // One client per request, so each is on its own connection and really sent (a request queued
    // behind another on a keep-alive connection is not in flight yet).
    const clients = await Promise.all(Array.from({ length: 5 }, () => playwright.request.newContext({ baseURL: app.baseURL })));
    const inFlight = Promise.all(clients.map((client) => client.post("/api/login", { data: user }).then((r) => r.status())));
    // Let the requests reach the server (bcrypt at cost 11 then keeps them busy for a while).
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stopped = app.stop();
    expect(await inFlight).toEqual([200, 200, 200, 200, 200]);
    await stopped;
    await expect(api.get("/api/health", { timeout: 2_000 })).rejects.toThrow();
    for (const client of clients) await client.dispose();
  } finally {
    await app.stop();
    await api.dispose();
  }
});
