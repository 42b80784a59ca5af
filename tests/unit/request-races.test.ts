import bcrypt from "bcryptjs";
import { createHash } from "node:crypto";
import { describe, expect, it, vi } from "vitest";

// lib/auth's request-level flows, driven here inside a stand-in for Next's request scope (the
// headers and cookie jar of next/headers), so that races can be lined up exactly: password
// hashing waits on a gate the test opens once the other party has acted.

const jar = new Map<string, string>();
let requestHeaders = new Headers();
vi.mock("next/headers", () => ({
  headers: async () => requestHeaders,
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
    set: (name: string, value: string) => void (value === "" ? jar.delete(name) : jar.set(name, value)),
    delete: (name: string) => jar.delete(name),
  }),
}));
let gate: Promise<void> = Promise.resolve();
vi.mock("@/lib/auth/password/hash", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/auth/password/hash")>();
  return { ...original, hashPassword: async (password: string) => (await gate, original.hashPassword(password)) };
});

const { db } = await import("@/lib/db");
const { authenticate, changePassword, endUserSessions } = await import("@/lib/auth");
const { hashPassword } = await import("@/lib/auth/password/hash");
const { authConfig } = await import("@/lib/auth/config");
const { sealSessionKey, sessionCookieName, unsealSessionKey } = await import("@/lib/auth/cookies");
const { createSession, validateSessionKey } = await import("@/lib/auth/session/records");
const { setPassword } = await import("@/lib/auth/account/users");
const { startSecondStep, secondStepPending } = await import("@/lib/auth/factors/second-step");
const { createTestUser } = await import("../support/users");

/** A new request from a browser holding this session key (or none). */
async function newRequest(key: string | null, headers: Record<string, string> = {}) {
  jar.clear();
  if (key) jar.set(sessionCookieName(), await sealSessionKey(key));
  requestHeaders = new Headers(headers);
}

/** Holds every password hash until the returned function is called. */
function holdHashing(): () => void {
  let release!: () => void;
  gate = new Promise((resolve) => (release = resolve));
  return release;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("a sensitive change in flight", () => {
  it("does not outlive staff ending every session of the user meanwhile", async () => {
    const { user, password } = await createTestUser();
    const { key } = await createSession(user.id, { authVersion: user.authVersion });
    await newRequest(key);
    const release = holdHashing();
    const change = changePassword("another long passphrase for the test 77", password);
    await sleep(300); // the change has checked the password and waits to hash the new one
    expect(await endUserSessions(user.id)).toBe(1);
    release();
    expect((await change).ok).toBe(false);
    const after = await unsealSessionKey(jar.get(sessionCookieName()));
    expect(after ? await validateSessionKey(after) : null).toBeNull();
    expect(await authenticate(user.username, password)).not.toBeNull(); // nothing was changed
  });

  it("does not undo a password change that finished first", async () => {
    const { user, password } = await createTestUser();
    const attacker = await createSession(user.id, { authVersion: user.authVersion });
    await newRequest(attacker.key);
    const victims = "the victims brand new passphrase 99";
    const victimsHash = await hashPassword(victims);
    const release = holdHashing();
    const change = changePassword("the attackers passphrase 12345", password);
    await sleep(300);
    await setPassword(user.id, victimsHash); // the victim's own change, done
    release();
    expect((await change).ok).toBe(false);
    expect(await authenticate(user.username, victims)).not.toBeNull();
    expect(await authenticate(user.username, "the attackers passphrase 12345")).toBeNull();
    const after = await unsealSessionKey(jar.get(sessionCookieName()));
    expect(after ? await validateSessionKey(after) : null).toBeNull();
  });
});

describe("a hash upgrade at login", () => {
  it("never overwrites a password changed while the old one was being checked", async () => {
    const { user, password } = await createTestUser();
    const prehashed = createHash("sha256").update(password).digest("hex");
    const cheaper = `bcrypt_sha256$${await bcrypt.hash(prehashed, authConfig.bcryptCost - 1)}`;
    await db.user.update({ where: { id: user.id }, data: { passwordHash: cheaper } });
    const release = holdHashing();
    const login = authenticate(user.username, password); // right password: rehashes after the check
    await sleep(300);
    const fresh = "a password changed meanwhile 4242";
    gate = Promise.resolve();
    await setPassword(user.id, await hashPassword(fresh));
    release();
    await login;
    expect(await authenticate(user.username, fresh)).not.toBeNull();
    expect(await authenticate(user.username, password)).toBeNull();
  });
});

describe("the login's second step", () => {
  it("moves a session it finds to a new key, so a cookie planted before the password is worthless", async () => {
    const { user } = await createTestUser();
    const planted = await createSession(null);
    await newRequest(planted.key);
    await startSecondStep(user, false, null);
    const mine = await unsealSessionKey(jar.get(sessionCookieName()));
    expect(mine).not.toBe(planted.key);
    await newRequest(planted.key);
    expect(await secondStepPending()).toBe(false);
    await newRequest(mine);
    expect(await secondStepPending()).toBe(true);
  });

  it("is not refused by the per-client limit on new sessions (the password was right)", async () => {
    const { user } = await createTestUser();
    const name = (process.env.SEED_CLIENT_ADDRESS_HEADER ??= "x-test-client-address");
    const client = { [name]: `10.77.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` };
    const { getSession } = await import("@/lib/auth");
    for (let i = 0; ; i++) {
      await newRequest(null, client);
      try {
        await (await getSession()).set("note" as never, `filler ${i}` as never);
      } catch {
        break; // this address may start no more sessions for now
      }
      expect(i).toBeLessThan(1000);
    }
    await newRequest(null, client);
    await startSecondStep(user, false, null);
    await newRequest(await unsealSessionKey(jar.get(sessionCookieName())), client);
    expect(await secondStepPending()).toBe(true);
  });
});
