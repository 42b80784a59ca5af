import { Secret, TOTP } from "otpauth";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { disableSecondFactor, enableSecondFactor, newTotpSecret, resealTotpSecrets, totpStep, verifySecondFactor } from "@/lib/auth/factors/totp";
import { createTestUser } from "../support/users";

const code = (secret: string, timestamp: number) => new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({ timestamp });

describe("second factor", () => {
  it("accepts a code from the previous, current or next 30-second step only", () => {
    const secret = newTotpSecret();
    const now = Date.now();
    for (const offset of [-30_000, 0, 30_000]) expect(totpStep(secret, code(secret, now + offset), now)).not.toBeNull();
    for (const offset of [-90_000, 90_000]) expect(totpStep(secret, code(secret, now + offset), now)).toBeNull();
    expect(totpStep(secret, "12345", now)).toBeNull();
    expect(totpStep(secret, "abcdef", now)).toBeNull();
  });

  it("accepts each TOTP code once, even when two requests race with it", async () => {
    const { user } = await createTestUser();
    const secret = newTotpSecret();
    const now = Date.now();
    await enableSecondFactor(user.id, secret, Math.floor(now / 30_000) - 1);
    const current = code(secret, now);
    const results = await Promise.all(Array.from({ length: 5 }, () => verifySecondFactor(user.id, current, now)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await verifySecondFactor(user.id, current, now)).toBe(false);
  });

  it("stores only hashes of recovery codes, each usable once; turning off removes them", async () => {
    const { user } = await createTestUser();
    const codes = await enableSecondFactor(user.id, newTotpSecret(), 0);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const stored = await db.recoveryCode.findMany({ where: { userId: user.id } });
    for (const row of stored) expect(codes.map((c) => c.replaceAll("-", ""))).not.toContain(row.codeHash);
    expect(JSON.stringify(stored)).not.toContain(codes[0]!.slice(0, 5));
    expect(await verifySecondFactor(user.id, ` ${codes[0]!.toUpperCase()} `)).toBe("recovery_code");
    expect(await verifySecondFactor(user.id, codes[0]!)).toBe(false);
    await disableSecondFactor(user.id);
    expect(await verifySecondFactor(user.id, codes[1]!)).toBe(false);
    expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("TOTP secrets at rest", () => {
  const CURRENT = process.env.SESSION_SECRET!;
  const OLD = "an-older-session-secret-Kq3v8Zr1Xw5Ty7Pm9";
  const stored = async (userId: number) => (await db.user.findUniqueOrThrow({ where: { id: userId } })).totpSecret;
  /** The code of the step `steps` after the one `enableSecondFactor` confirmed below. */
  const start = Date.now();
  const codeAt = (secret: string, steps: number) => ({ code: code(secret, start + steps * 30_000), now: start + steps * 30_000 });

  afterEach(() => {
    process.env.SESSION_SECRET = CURRENT;
    delete process.env.SESSION_SECRET_FALLBACKS;
  });

  it("stores the secret encrypted, never its base32, and still accepts its codes", async () => {
    const { user } = await createTestUser();
    const secret = newTotpSecret();
    await enableSecondFactor(user.id, secret, Math.floor(start / 30_000) - 1);
    const value = (await stored(user.id))!;
    expect(value).not.toContain(secret);
    expect(value).not.toContain(secret.toLowerCase());
    expect(value).toMatch(/^totp1\./);
    const { code: current, now } = codeAt(secret, 0);
    expect(await verifySecondFactor(user.id, current, now)).toBe("totp");
  });

  it("refuses a sealed secret copied to another user's row", async () => {
    const { user: owner } = await createTestUser();
    const { user: other } = await createTestUser();
    const secret = newTotpSecret();
    await enableSecondFactor(owner.id, secret, 0);
    await enableSecondFactor(other.id, newTotpSecret(), 0);
    await db.user.update({ where: { id: other.id }, data: { totpSecret: await stored(owner.id) } });
    const { code: current, now } = codeAt(secret, 0);
    expect(await verifySecondFactor(other.id, current, now)).toBe(false);
    expect(await verifySecondFactor(owner.id, current, now)).toBe("totp");
  });

  it("opens a secret sealed under a fallback, and seals it again under the current secret at its next use", async () => {
    const { user } = await createTestUser();
    const secret = newTotpSecret();
    process.env.SESSION_SECRET = OLD;
    await enableSecondFactor(user.id, secret, Math.floor(start / 30_000) - 1);
    const underOld = await stored(user.id);

    process.env.SESSION_SECRET = CURRENT;
    process.env.SESSION_SECRET_FALLBACKS = OLD;
    const first = codeAt(secret, 0);
    expect(await verifySecondFactor(user.id, first.code, first.now)).toBe("totp");
    expect(await stored(user.id)).not.toBe(underOld);

    delete process.env.SESSION_SECRET_FALLBACKS; // the old secret is gone: the row must not need it
    const second = codeAt(secret, 1);
    expect(await verifySecondFactor(user.id, second.code, second.now)).toBe("totp");
  });

  it("the start-up pass seals plaintext rows and reseals fallback ones, in batches, once", async () => {
    // Rows other tests left (one holds a copy made for another user: unreadable, and left as it is).
    const { unreadable: leftUnreadable } = await resealTotpSecrets();
    const users = await Promise.all(Array.from({ length: 5 }, () => createTestUser()));
    const secrets = users.map(() => newTotpSecret());
    process.env.SESSION_SECRET = OLD;
    await enableSecondFactor(users[0]!.user.id, secrets[0]!, 0);
    process.env.SESSION_SECRET = CURRENT;
    process.env.SESSION_SECRET_FALLBACKS = OLD;
    // Rows written before secrets were encrypted: the base32 itself.
    for (const [i, { user }] of users.entries()) {
      if (i > 0) await db.user.update({ where: { id: user.id }, data: { totpSecret: secrets[i], totpLastStep: 0 } });
    }
    const underOld = await stored(users[0]!.user.id);

    const result = await resealTotpSecrets({ batchSize: 2 });
    expect(result.resealed).toBeGreaterThanOrEqual(5);
    expect(result.unreadable).toBe(leftUnreadable);
    for (const [i, { user }] of users.entries()) {
      const value = (await stored(user.id))!;
      expect(value).toMatch(/^totp1\./);
      expect(value).not.toContain(secrets[i]);
    }
    expect(await stored(users[0]!.user.id)).not.toBe(underOld);
    expect((await resealTotpSecrets({ batchSize: 2 })).resealed).toBe(0);

    delete process.env.SESSION_SECRET_FALLBACKS;
    for (const [i, { user }] of users.entries()) {
      const { code: current, now } = codeAt(secrets[i]!, 0);
      expect(await verifySecondFactor(user.id, current, now)).toBe("totp");
    }
  });
});
