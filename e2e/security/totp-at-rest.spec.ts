import { Secret, TOTP } from "otpauth";
import { dropTestDatabase, testDatabaseUrl } from "../../tests/support/databases.mjs";
import { instancePort, startAppInstance, type AppInstance } from "../support/app-instance";
import { findUser, setStoredTotpSecret, storedTotpSecret } from "../support/db";
import { expect, randomCredentials, test } from "../support/fixtures";

// TOTP secrets at rest: a copy of the database alone does not yield anyone's second factor. Rows
// from before encryption, and rows sealed under a secret being rotated out, are sealed under the
// current SESSION_SECRET by the server at start-up, so removing the old secret locks nobody out.

const OLD = "totp-rotation-old-Hx4k8Nq2Vb6Tz1Rm5Jw9";
const NEW = "totp-rotation-new-Pc7s3Yd9Lg2Qa6Wn4Ke8";
const PERIOD = 30_000;

/** Codes for strictly later time steps each time (the server takes each step once). */
function codes(secret: string) {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: "SHA1" });
  let last = -Infinity;
  return async (): Promise<string> => {
    const step = Math.max(last + 1, Math.floor(Date.now() / PERIOD) - 1);
    while (step > Math.floor(Date.now() / PERIOD) + 1) await new Promise((resolve) => setTimeout(resolve, 1_000));
    last = step;
    return totp.generate({ timestamp: step * PERIOD });
  };
}

async function changeOf(read: () => Promise<string | null>, from: string | null): Promise<string | null> {
  await expect.poll(read, { message: "the start-up pass seals the row", timeout: 30_000 }).not.toBe(from);
  return read();
}

test("plaintext and fallback-sealed secrets are sealed under the current secret at start-up; removing the old secret locks nobody out", async ({
  playwright,
}) => {
  test.setTimeout(240_000);
  const databaseUrl = testDatabaseUrl("totp_at_rest"); // kept across the restarts
  const owner = randomCredentials();
  const other = randomCredentials();
  const secret = new Secret({ size: 20 }).base32;
  const nextCode = codes(secret);
  const api = await playwright.request.newContext({ extraHTTPHeaders: { connection: "close" } });
  const login = async (app: AppInstance, who: typeof owner, code?: string) =>
    (await api.post(`${app.baseURL}/api/login`, { data: { ...who, ...(code ? { code } : {}) } })).status();
  let app = await startAppInstance(instancePort(16), { databaseUrl, env: { SESSION_SECRET: OLD } });
  try {
    for (const who of [owner, other]) expect((await api.post(`${app.baseURL}/api/signup`, { data: who })).status()).toBe(201);
    const ownerId = (await findUser(owner.username, databaseUrl))!.id;
    const otherId = (await findUser(other.username, databaseUrl))!.id;
    await app.stop();

    // A row written before secrets were encrypted holds the base32 itself.
    await setStoredTotpSecret(ownerId, secret, databaseUrl);
    app = await startAppInstance(instancePort(16), { databaseUrl, env: { SESSION_SECRET: OLD } });
    const underOld = await changeOf(() => storedTotpSecret(ownerId, databaseUrl), secret);
    expect(underOld).not.toContain(secret);
    expect(underOld).not.toContain(secret.toLowerCase());
    expect(await login(app, owner)).toBe(401); // the factor is still on
    expect(await login(app, owner, await nextCode())).toBe(200);
    await app.stop();

    // Rotation: the old secret is a fallback for a while; the pass seals the row again.
    app = await startAppInstance(instancePort(16), { databaseUrl, env: { SESSION_SECRET: NEW, SESSION_SECRET_FALLBACKS: OLD } });
    const underNew = await changeOf(() => storedTotpSecret(ownerId, databaseUrl), underOld);
    expect(underNew).not.toContain(secret);
    expect(await login(app, owner, await nextCode())).toBe(200);
    await app.stop();

    // The old secret removed: the row needs only the new one. A copy of it on another account opens nothing.
    await setStoredTotpSecret(otherId, underNew!, databaseUrl);
    app = await startAppInstance(instancePort(16), { databaseUrl, env: { SESSION_SECRET: NEW } });
    expect(await login(app, owner, await nextCode())).toBe(200);
    expect(await login(app, other, await nextCode())).toBe(401);
    expect(app.logs()).not.toContain(secret);
  } finally {
    await app.stop();
    await api.dispose();
    await dropTestDatabase(databaseUrl);
  }
});
