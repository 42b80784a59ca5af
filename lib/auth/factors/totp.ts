import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import { db } from "../../db";
import { log } from "../../log";
import { isSealedField, openField, sealField } from "../secrets/field-seal";

// The second factor: TOTP (RFC 6238, what authenticator apps speak) and one-time recovery codes.
// The only module that touches auth_user.totp_* and auth_recovery_code. The TOTP secret is stored
// encrypted for its user (lib/auth/secrets/field-seal.ts); rows from before that held the base32 itself.

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
  // Loaded here, the one place that draws a code, rather than by every worker at start.
  const { default: QRCode } = await import("qrcode");
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

const BASE32 = /^[A-Z2-7]+=*$/;

/**
 * The user's TOTP secret from its stored form, or null when it cannot be read (sealed under a
 * secret no longer configured, or for another user). A value not sealed under the current
 * SESSION_SECRET, or still in plaintext, is sealed again at once (compare-and-set on the old value).
 */
async function openTotpSecret(userId: number, stored: string): Promise<string | null> {
  let secret: string;
  if (isSealedField("totp", stored)) {
    const opened = openField("totp", String(userId), stored);
    if (!opened) {
      log.warn({ event: "totp_secret_unreadable", userId });
      return null;
    }
    if (opened.underCurrentSecret) return opened.value;
    secret = opened.value;
  } else if (BASE32.test(stored)) {
    secret = stored;
  } else {
    log.warn({ event: "totp_secret_unreadable", userId });
    return null;
  }
  await db.user.updateMany({ where: { id: userId, totpSecret: stored }, data: { totpSecret: sealField("totp", String(userId), secret) } });
  return secret;
}

/**
 * Checks a TOTP code or a recovery code for the user and uses it up: a TOTP step is accepted once
 * (compare-and-set on the last step, so two requests racing with one code cannot both pass), a
 * recovery code is marked used. A TOTP secret that cannot be read leaves the recovery codes.
 */
export async function verifySecondFactor(userId: number, code: string, now = Date.now()): Promise<"totp" | "recovery_code" | false> {
  const row = await db.user.findUnique({ where: { id: userId }, select: { totpSecret: true } });
  if (!row?.totpSecret) return false;
  const secret = await openTotpSecret(userId, row.totpSecret);
  const step = secret === null ? null : totpStep(secret, code, now);
  if (step !== null) {
    const { count } = await db.user.updateMany({
      where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
      data: { totpLastStep: step },
    });
    return count === 1 && "totp";
  }
  const { count } = await db.recoveryCode.updateMany({
    where: { userId, codeHash: hashRecoveryCode(code), usedAt: null },
    data: { usedAt: new Date(now) },
  });
  return count === 1 && "recovery_code";
}

/**
 * Seals every TOTP secret that is not sealed under the current SESSION_SECRET: rows from before
 * encryption, and rows sealed under a secret now in SESSION_SECRET_FALLBACKS, which would become
 * unreadable once that fallback is removed. Run at start-up (lib/startup.ts); in batches by id,
 * each row by compare-and-set, so it is safe beside logins, other instances and a second run.
 */
export async function resealTotpSecrets({ batchSize = 500 } = {}): Promise<{ resealed: number; unreadable: number }> {
  let afterId = 0;
  let resealed = 0;
  let unreadable = 0;
  for (;;) {
    const rows = await db.user.findMany({
      where: { id: { gt: afterId }, totpSecret: { not: null } },
      select: { id: true, totpSecret: true },
      orderBy: { id: "asc" },
      take: batchSize,
    });
    for (const { id, totpSecret: stored } of rows) {
      const opened = isSealedField("totp", stored!)
        ? openField("totp", String(id), stored!)
        : BASE32.test(stored!)
          ? { value: stored!, underCurrentSecret: false }
          : null;
      if (!opened) unreadable += 1;
      else if (!opened.underCurrentSecret) {
        const { count } = await db.user.updateMany({ where: { id, totpSecret: stored }, data: { totpSecret: sealField("totp", String(id), opened.value) } });
        resealed += count;
      }
    }
    if (rows.length < batchSize) return { resealed, unreadable };
    afterId = rows[rows.length - 1]!.id;
  }
}

/** Turns the factor on with a confirmed secret; returns the recovery codes, shown once. */
export async function enableSecondFactor(userId: number, secret: string, confirmedStep: number): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
  await db.$transaction([
    db.recoveryCode.deleteMany({ where: { userId } }),
    db.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })) }),
    db.user.update({ where: { id: userId }, data: { totpSecret: sealField("totp", String(userId), secret), totpLastStep: confirmedStep } }),
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
  return createHash("sha256")
    .update(code.toLowerCase().replace(/[\s-]+/g, ""))
    .digest("hex");
}
