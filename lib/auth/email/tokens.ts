import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { adapterQuery, db } from "../../db";

// The only module that touches auth_token: links mailed to a user. A token is 256 random bits,
// sent once and kept only as SHA-256 over its purpose and itself, so a copy of the database opens
// nothing and a token issued for one purpose is no token at all for another. It works once,
// before it expires, and only while the user's auth_version is the one it was issued under: a
// password change, "log out everywhere" or a deactivation ends every link in flight. A new
// token of a purpose replaces the user's older ones.

export const TOKEN_PURPOSES = ["password_reset", "email_verify", "email_change"] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

/** Seconds a link works: an hour for a reset (OWASP), a day to confirm an address. */
export const TOKEN_LIFETIME: Record<TokenPurpose, number> = { password_reset: 60 * 60, email_verify: 24 * 60 * 60, email_change: 24 * 60 * 60 };

/** What a token is, on the wire: 43 characters of base64url. Anything else is refused unread. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export type TokenHolder = { id: number; authVersion: number };
export type LiveToken = { userId: number; email: string; expiresAt: Date; tokenHash: string; authVersion: number };

function hashToken(purpose: TokenPurpose, token: string): string {
  return createHash("sha256").update(`seed ${purpose}:${token}`).digest("hex");
}

/** A new link for `user`, sent to `email`; the user's older links of this purpose stop working. */
export async function issueToken(user: TokenHolder, purpose: TokenPurpose, email: string, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + TOKEN_LIFETIME[purpose] * 1000);
  await db.$transaction([
    db.accountToken.deleteMany({ where: { userId: user.id, purpose } }),
    db.accountToken.create({ data: { tokenHash: hashToken(purpose, token), userId: user.id, purpose, email, authVersion: user.authVersion, expiresAt } }),
  ]);
  return token;
}

/** The token's row if it would work now (not used, not expired, the user active and unchanged); it stays usable. */
export async function peekToken(purpose: TokenPurpose, token: string, now = new Date()): Promise<LiveToken | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const row = await db.accountToken.findUnique({
    where: { tokenHash: hashToken(purpose, token) },
    include: { user: { select: { isActive: true, authVersion: true } } },
  });
  if (!row || row.purpose !== purpose || row.expiresAt <= now) return null;
  if (!row.user.isActive || row.user.authVersion !== row.authVersion) return null;
  return { userId: row.userId, email: row.email, expiresAt: row.expiresAt, tokenHash: row.tokenHash, authVersion: row.authVersion };
}

/**
 * Uses the token up: the row if it worked and this call was the one to delete it, else null. Of
 * two requests racing with one token, one gets it.
 */
export async function takeToken(purpose: TokenPurpose, token: string, now = new Date()): Promise<LiveToken | null> {
  const live = await peekToken(purpose, token, now);
  if (!live) return null;
  const { count } = await db.accountToken.deleteMany({ where: { tokenHash: live.tokenHash } });
  return count === 1 ? live : null;
}

/** Ends the user's links of these purposes (all of them by default). */
export async function dropTokens(userId: number, purposes: readonly TokenPurpose[] = TOKEN_PURPOSES): Promise<number> {
  return (await db.accountToken.deleteMany({ where: { userId, purpose: { in: [...purposes] } } })).count;
}

/** The address a user's email change waits on, while its link still works. */
// On every /profile render: the user's links of one purpose, newest first, as one prepared statement
// (lib/db.ts adapterQuery) instead of a query through Prisma's engine. The version and expiry are
// compared here, so no date has to be written in the database's own format.
const PENDING_TOKENS = `
  SELECT "email", "expires_at", "auth_version" FROM "auth_token"
  WHERE "user_id" = CAST(? AS INTEGER) AND "purpose" = ?
  ORDER BY "created_at" DESC`;

/** The newest live link of a purpose for the user (an email change waiting for its new address). */
export async function pendingToken(user: TokenHolder, purpose: TokenPurpose, now = new Date()): Promise<{ email: string; expiresAt: Date } | null> {
  for (const [email, expires, authVersion] of await adapterQuery(PENDING_TOKENS, [String(user.id), purpose])) {
    const expiresAt = new Date(expires as string);
    if (Number(authVersion) === user.authVersion && expiresAt > now) return { email: email as string, expiresAt };
  }
  return null;
}

/** Deletes expired links (the periodic cleanup). */
export async function deleteExpiredTokens(now = new Date()): Promise<number> {
  return (await db.accountToken.deleteMany({ where: { expiresAt: { lte: now } } })).count;
}
