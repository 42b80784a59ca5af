import { TEST_PROVIDER, dropTestDatabase, testDatabaseUrl } from "../tests/support/databases.mjs";
import { instancePort, migrateDatabase, startAppInstance, type AppInstance } from "./support/app-instance";
import { expect, randomCredentials, test } from "./support/fixtures";
import { startTcpProxy, type TcpProxy } from "./support/tcp-proxy";

// When the PostgreSQL server goes away (open connections reset, new ones refused), every request
// that needs it answers 503 with nothing internal in it, never 500, and the app recovers by itself
// once the server is back: its pool reconnects, and nobody was logged out.

test.describe.configure({ mode: "serial" });
test.skip(TEST_PROVIDER !== "postgresql", "cuts the way to a PostgreSQL server; SQLite's outage is outage.spec.ts");

let databaseUrl: string;
let proxy: TcpProxy;
let app: AppInstance;
test.beforeAll(async () => {
  test.setTimeout(90_000);
  databaseUrl = testDatabaseUrl("outage");
  migrateDatabase(databaseUrl);
  const direct = new URL(databaseUrl);
  proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
  const throughProxy = new URL(databaseUrl);
  throughProxy.hostname = "127.0.0.1";
  throughProxy.port = String(proxy.port);
  app = await startAppInstance(instancePort(1), { databaseUrl: throughProxy.toString() });
});
test.afterAll(async () => {
  await app?.stop();
  await proxy?.close();
  if (databaseUrl) await dropTestDatabase(databaseUrl);
});

test("a lost database server answers 503, and service resumes when it is back", async ({ playwright }) => {
  test.setTimeout(60_000);
  const api = await playwright.request.newContext({ baseURL: app.baseURL });
  const user = randomCredentials();
  expect((await api.post("/api/signup", { data: user })).status()).toBe(201);
  expect((await api.post("/api/login", { data: user })).status()).toBe(200);

  await proxy.cut();
  try {
    const login = await api.post("/api/login", { data: user });
    expect(login.status()).toBe(503);
    expect(login.headers()["retry-after"]).toBeTruthy();
    expect(await login.json()).toEqual({ error: "Service temporarily unavailable" });

    const signup = await api.post("/api/signup", { data: randomCredentials() });
    expect(signup.status()).toBe(503);
    expect(await signup.text()).not.toMatch(/prisma|postgres|stack|at \//i);

    // Unlike under SQLite's lock nothing can be read either: 503, not a 401 that would log users out.
    expect((await api.get("/api/profile")).status()).toBe(503);
    expect((await api.get("/api/health")).status()).toBe(503);
  } finally {
    await proxy.restore();
  }

  await expect.poll(async () => (await api.get("/api/health")).status(), { timeout: 15_000 }).toBe(200);
  const profile = await api.get("/api/profile");
  expect(profile.status()).toBe(200);
  expect((await profile.json()).profile.username).toBe(user.username);
  expect((await api.post("/api/login", { data: user })).status()).toBe(200);
  await api.dispose();
});
