import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";

// Mailed links (lib/auth/email/tokens.ts) and the reset they allow, on a real database: one
// purpose each, once, in time, and only while the account is as the link found it.

// Mail goes to a temporary outbox (the console backend), not to the project's .outbox/.
process.env.MAIL_OUTBOX_DIR = mkdtempSync(join(tmpdir(), "seed-outbox-"));
let requestHeaders = new Headers();
vi.mock("next/headers", () => ({
  headers: async () => requestHeaders,
  cookies: async () => ({ get: () => undefined, set: () => {}, delete: () => {} }),
}));

const { db } = await import("@/lib/db");
const { issueToken, peekToken, pendingToken, takeToken, dropTokens, deleteExpiredTokens } = await import("@/lib/auth/email/tokens");
const { confirmPasswordReset } = await import("@/lib/auth/email/password-reset");
const { bumpAuthVersion, findUserById, setActive } = await import("@/lib/auth/account/users");
const { authenticate } = await import("@/lib/auth");
const { createSession, validateSessionKey } = await import("@/lib/auth/session/records");
const { createTestUser } = await import("../support/users");

const email = () => `t-${Math.random().toString(36).slice(2)}@example.org`;
const NEW_PASSWORD = "a brand new passphrase for the reset";

describe("mailed link tokens", () => {
  it("keeps only a hash: the database holds nothing that opens the link", async () => {
    const { user } = await createTestUser();
    const token = await issueToken(user, "password_reset", email());
    const rows = await db.accountToken.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("works for its own purpose only", async () => {
    const { user } = await createTestUser();
    const token = await issueToken(user, "email_verify", email());
    expect(await peekToken("password_reset", token)).toBeNull();
    expect(await peekToken("email_change", token)).toBeNull();
    expect(await peekToken("email_verify", token)).not.toBeNull();
  });

  it("shows the pending one of a purpose: the newest, while live and under the same auth_version", async () => {
    const { user } = await createTestUser();
    expect(await pendingToken(user, "email_change")).toBeNull();
    await issueToken(user, "email_verify", email());
    expect(await pendingToken(user, "email_change")).toBeNull();
    const address = email();
    await issueToken(user, "email_change", address);
    const pending = await pendingToken(user, "email_change");
    expect(pending?.email).toBe(address);
    expect(pending!.expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(await pendingToken(user, "email_change", new Date(pending!.expiresAt.getTime() + 1000))).toBeNull();
    expect(await pendingToken({ ...user, authVersion: user.authVersion + 1 }, "email_change")).toBeNull();
    const other = await createTestUser();
    expect(await pendingToken(other.user, "email_change")).toBeNull();
  });

  it("is taken once, even by two requests racing", async () => {
    const { user } = await createTestUser();
    const token = await issueToken(user, "password_reset", email());
    const results = await Promise.all([takeToken("password_reset", token), takeToken("password_reset", token), takeToken("password_reset", token)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await takeToken("password_reset", token)).toBeNull();
  });

  it("dies when a newer one is issued, when it expires, and with the account's auth_version", async () => {
    const { user } = await createTestUser();
    const older = await issueToken(user, "password_reset", email());
    const newer = await issueToken(user, "password_reset", email());
    expect(await peekToken("password_reset", older)).toBeNull();
    expect(await peekToken("password_reset", newer)).not.toBeNull();
    const inTwoHours = new Date(Date.now() + 2 * 60 * 60 * 1000);
    expect(await peekToken("password_reset", newer, inTwoHours)).toBeNull();
    expect(await deleteExpiredTokens(inTwoHours)).toBeGreaterThanOrEqual(1);

    const verify = await issueToken(user, "email_verify", email());
    await bumpAuthVersion(user.id); // "log out everywhere", a password change
    expect(await peekToken("email_verify", verify)).toBeNull();
  });

  it("is refused for a deactivated account", async () => {
    const { user } = await createTestUser();
    const token = await issueToken(user, "password_reset", email());
    await setActive(user.id, false);
    expect(await peekToken("password_reset", token)).toBeNull();
  });

  it("dropTokens ends the chosen purposes only", async () => {
    const { user } = await createTestUser();
    const reset = await issueToken(user, "password_reset", email());
    const change = await issueToken(user, "email_change", email());
    expect(await dropTokens(user.id, ["email_change"])).toBe(1);
    expect(await peekToken("email_change", change)).toBeNull();
    expect(await peekToken("password_reset", reset)).not.toBeNull();
  });
});

/** A user whose address is confirmed, and a reset link to it. */
async function userWithResetLink() {
  const { user, password } = await createTestUser();
  const address = email();
  await db.user.update({ where: { id: user.id }, data: { email: address, emailVerifiedAt: new Date() } });
  return { user, password, address, token: await issueToken(user, "password_reset", address) };
}

describe("confirming a reset", () => {
  it("refuses a link sent to an address the account no longer has", async () => {
    const { user, token } = await userWithResetLink();
    await db.user.update({ where: { id: user.id }, data: { email: email() } });
    expect(await confirmPasswordReset(token, NEW_PASSWORD)).toEqual({ ok: false, reason: "invalid_link" });
  });

  it("sets the password, ends every session, keeps a second factor, and cannot be replayed", async () => {
    const { user, password, token } = await userWithResetLink();
    await db.user.update({ where: { id: user.id }, data: { totpSecret: "sealed-secret-stand-in" } });
    const { key } = await createSession(user.id, { authVersion: user.authVersion });
    requestHeaders = new Headers();
    expect(await confirmPasswordReset(token, NEW_PASSWORD)).toEqual({ ok: true });
    expect(await validateSessionKey(key)).toBeNull();
    expect(await authenticate(user.username, password)).toBeNull();
    expect(await authenticate(user.username, NEW_PASSWORD)).not.toBeNull();
    expect((await db.user.findUnique({ where: { id: user.id } }))!.totpSecret).toBe("sealed-secret-stand-in");
    expect(await confirmPasswordReset(token, "yet another passphrase, the replay")).toEqual({ ok: false, reason: "invalid_link" });
  });

  it("refuses a weak password without using the link up", async () => {
    const { token } = await userWithResetLink();
    const weak = await confirmPasswordReset(token, "password");
    expect(weak).toMatchObject({ ok: false, reason: "weak_password" });
    expect(await confirmPasswordReset(token, NEW_PASSWORD)).toEqual({ ok: true });
  });

  it("loses to a password change that finished while it was hashing", async () => {
    const { user, token } = await userWithResetLink();
    const reset = confirmPasswordReset(token, NEW_PASSWORD);
    await bumpAuthVersion(user.id);
    expect(await reset).toEqual({ ok: false, reason: "invalid_link" });
    expect((await findUserById(user.id))!.authVersion).toBe(user.authVersion + 1);
  });
});
