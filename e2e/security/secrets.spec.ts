import { spawnSync } from "node:child_process";
import { dropTestDatabase, testDatabaseUrl } from "../../tests/support/databases.mjs";
import { instancePort, startAppInstance } from "../support/app-instance";
import { expect, randomCredentials, test } from "../support/fixtures";
import { cookieHeader, cookieValue, sessionSetCookie } from "../support/session-cookie";

// The sealing secret: sample values refused at startup, and rotation without logging anyone out.

const OLD = "rotation-old-Jk3h5G7f9D1s2A4q6W8e0R";
const NEW = "rotation-new-Zx9c7V5b3N1m2L4k6J8h0G";

test("a published sample secret is refused at startup, by npm start and by the server", () => {
  const { SESSION_SECRET: _ignored, ...base } = process.env;
  const env: NodeJS.ProcessEnv = {
    ...base,
    NODE_ENV: "production",
    DATABASE_URL: "file:/dev/null/not-a-dir/never-created.db",
    SESSION_SECRET: "complex_password_at_least_32_characters_long",
  };
  const start = spawnSync(process.execPath, ["scripts/start.mjs"], { encoding: "utf8", timeout: 60_000, env: { ...env, PORT: String(instancePort(97)) } });
  expect(start.status).toBe(1);
  expect(start.stderr).toContain("published sample value");
  const server = spawnSync("node_modules/.bin/next", ["start", "-p", String(instancePort(96))], { encoding: "utf8", timeout: 60_000, env });
  expect(server.status).toBe(1);
  expect(server.stderr).toContain("published sample value");
});

test("rotating the secret keeps sessions through SESSION_SECRET_FALLBACKS, and only through it", async ({ playwright }) => {
  test.setTimeout(120_000);
  const databaseUrl = testDatabaseUrl("rotation"); // kept across the three restarts
  const credentials = randomCredentials();
  // Separate cookie jars: a login from a jar holding the first cookie would end that session.
  const api = await playwright.request.newContext();
  const otherDevice = await playwright.request.newContext();
  const probe = await playwright.request.newContext();
  const profile = (baseURL: string, cookie: string) => probe.get(`${baseURL}/api/profile`, { headers: cookieHeader(cookie) });

  let app = await startAppInstance(instancePort(4), { databaseUrl, env: { SESSION_SECRET: OLD } });
  try {
    await api.post(`${app.baseURL}/api/signup`, { data: credentials });
    const cookie = cookieValue(sessionSetCookie(await api.post(`${app.baseURL}/api/login`, { data: credentials }))!);
    await app.stop();

    app = await startAppInstance(instancePort(4), { databaseUrl, env: { SESSION_SECRET: NEW, SESSION_SECRET_FALLBACKS: OLD } });
    expect((await profile(app.baseURL, cookie)).status()).toBe(200);
    const fresh = cookieValue(sessionSetCookie(await otherDevice.post(`${app.baseURL}/api/login`, { data: credentials }))!);
    await app.stop();

    app = await startAppInstance(instancePort(4), { databaseUrl, env: { SESSION_SECRET: NEW } });
    expect((await profile(app.baseURL, cookie)).status()).toBe(401); // the old secret is gone
    expect((await profile(app.baseURL, fresh)).status()).toBe(200); // sealed with the new one
  } finally {
    await app.stop();
    await dropTestDatabase(databaseUrl);
  }
  for (const context of [api, otherDevice, probe]) await context.dispose();
});
