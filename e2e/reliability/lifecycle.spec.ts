import { dropTestDatabase, testDatabaseUrl } from "../../tests/support/databases.mjs";
import { instancePort, startAppInstance } from "../support/app-instance";
import { expect, randomCredentials, test } from "../support/fixtures";
import { cookieHeader, cookieValue, sessionSetCookie } from "../support/session-cookie";

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
    // One client per request, so each is on its own connection. A request that has not reached
    // the server when the signal comes may be refused: that is not in flight. What must hold is
    // that requests the server was working on still get their answer after the signal.
    const clients = await Promise.all(Array.from({ length: 5 }, () => playwright.request.newContext({ baseURL: app.baseURL })));
    const answers: { status: number; at: number }[] = [];
    const inFlight = Promise.allSettled(
      clients.map((client) => client.post("/api/login", { data: user }).then((r) => answers.push({ status: r.status(), at: Date.now() }))),
    );
    // Let the requests reach the server (bcrypt at cost 11 then keeps them busy for a while).
    await new Promise((resolve) => setTimeout(resolve, 300));
    const signalledAt = Date.now();
    const stopped = app.stop();
    await inFlight;
    await stopped;
    expect(
      answers.every((a) => a.status === 200),
      JSON.stringify(answers),
    ).toBe(true);
    expect(answers.filter((a) => a.at > signalledAt).length, JSON.stringify(answers)).toBeGreaterThan(0);
    await expect(api.get("/api/health", { timeout: 2_000 })).rejects.toThrow();
    for (const client of clients) await client.dispose();
  } finally {
    await app.stop();
    await api.dispose();
  }
});
