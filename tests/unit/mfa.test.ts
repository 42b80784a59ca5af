import { Secret, TOTP } from "otpauth";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { disableSecondFactor, enableSecondFactor, newTotpSecret, totpStep, verifySecondFactor } from "@/lib/auth/mfa";
import { createTestUser } from "../support/users";

const code = (secret: string, timestamp: number) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({ timestamp });

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
    expect(await verifySecondFactor(user.id, ` ${codes[0]!.toUpperCase()} `)).toBe(true);
    expect(await verifySecondFactor(user.id, codes[0]!)).toBe(false);
    await disableSecondFactor(user.id);
    expect(await verifySecondFactor(user.id, codes[1]!)).toBe(false);
    expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
  });
});
