import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import { db } from "../db";

// The second factor: TOTP (RFC 6238, what authenticator apps speak) and one-time recovery codes.
// The only module that touches auth_user.totp_* and auth_recovery_code.

const ISSUER = "Seed";
const PERIOD = 30;
const RECOVERY_CODES = 10;

function totp(secret: string, username = ""): TOTP {
  return new TOTP({ issuer: ISSUER, label: username, algorithm: "SHA1", digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) });
}

/** 160 random bits, base32: what RFC 4226 recommends and every authenticator app accepts. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export type TotpEnrollment = { secret: string; uri: string; qrSvg: string };

export async function totpEnrollment(secret: string, username: string): Promise<TotpEnrollment> {
  const uri = totp(secret, username).toString();
  const qrSvg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
  return { secret, uri, qrSvg };
}

const TOTP_PATTERN = /^\d{6}$/;

/** The time step a code belongs to (one step of clock drift either way), or null. */
export function totpStep(secret: string, code: string, now = Date.now()): number | null {
  const token = code.replace(/\s+/g, "");
  if (!TOTP_PATTERN.test(token)) return null;
  const delta = totp(secret).validate({ token, timestamp: now, window: 1 });
  return delta === null ? null : Math.floor(now / 1000 / PERIOD) + delta;
}

export async function hasSecondFactor(userId: number): Promise<boolean> {
  const row = await db.user.findUnique({ where: { id: userId }, select: { totpSecret: true } });
  return Boolean(row?.totpSecret);
}

/**
 * Checks a TOTP code or a recovery code for the user and uses it up: a TOTP step is accepted once
 * (compare-and-set on the last step, so two requests racing with one code cannot both pass), a
 * recovery code is marked used.
 */
export async function verifySecondFactor(userId: number, code: string, now = Date.now()): Promise<boolean> {
  const row = await db.user.findUnique({ where: { id: userId }, select: { totpSecret: true } });
  if (!row?.totpSecret) return false;
  const step = totpStep(row.totpSecret, code, now);
  if (step !== null) {
    const { count } = await db.user.updateMany({
      where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
      data: { totpLastStep: step },
    });
    return count === 1;
  }
  const { count } = await db.recoveryCode.updateMany({
    where: { userId, codeHash: hashRecoveryCode(code), usedAt: null },
    data: { usedAt: new Date(now) },
  });
  return count === 1;
}

/** Turns the factor on with a confirmed secret; returns the recovery codes, shown once. */
export async function enableSecondFactor(userId: number, secret: string, confirmedStep: number): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
  await db.$transaction([
    db.recoveryCode.deleteMany({ where: { userId } }),
    db.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })) }),
    db.user.update({ where: { id: userId }, data: { totpSecret: secret, totpLastStep: confirmedStep } }),
  ]);
  return codes;
}

export async function disableSecondFactor(userId: number): Promise<void> {
  await db.$transaction([
    db.recoveryCode.deleteMany({ where: { userId } }),
    db.user.update({ where: { id: userId }, data: { totpSecret: null, totpLastStep: null } }),
  ]);
}

export async function unusedRecoveryCodes(userId: number): Promise<number> {
  return db.recoveryCode.count({ where: { userId, usedAt: null } });
}

/**
 * 24 characters of Crockford-style base32 (120 bits), grouped for reading:
 * "k7q2-mx9d-4tz8-…". At 112 bits or more ASVS 6.5.2 allows a plain hash instead of a slow one.
 */
function newRecoveryCode(): string {
  const alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
  const chars = [...randomBytes(24)].map((byte) => alphabet[byte % 32]).join("");
  return chars.match(/.{4}/g)!.join("-");
}

/** Codes carry 120 random bits, so a plain SHA-256 is enough; dashes, spaces and case are ignored. */
function hashRecoveryCode(code: string): string {
  return createHash("sha256").update(code.toLowerCase().replace(/[\s-]+/g, "")).digest("hex");
}
