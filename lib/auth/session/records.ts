import "server-only";
import { hash, randomBytes } from "node:crypto";
import { adapterQuery, db } from "../../db";
import { authConfig } from "../config";
import type { PublicUser } from "../account/users";

// With lib/auth/session/user-sessions.ts, the only modules that touch the auth_session table:
// this one the request path (create, cycle, look up, save), that one a user's sessions as a list.

/** How a login proved who it was: the password, with which second factor, or a passkey. */
export type AuthLevel = "password" | "password+totp" | "password+recovery_code" | "passkey";
export const AUTH_LEVELS: readonly AuthLevel[] = ["password", "password+totp", "password+recovery_code", "passkey"];

export type SessionInfo = {
  createdAt: Date;
  /** True when this validation slid the expiry forward (and wrote the row). */
  renewed: boolean;
  expiresAt: Date;
  absoluteExpiresAt: Date;
  persistent: boolean;
  /** Null for anonymous sessions and sessions from before levels were recorded. */
  authLevel: AuthLevel | null;
  /** When the user last proved who they are on this session: the login, or a step-up since. */
  verifiedAt: Date | null;
};

export type ValidatedSession = { session: SessionInfo; user: PublicUser };

/** A live session row, anonymous (`user` null) or not, with its data as stored (JSON text). */
export type LoadedSession = { session: SessionInfo; user: PublicUser | null; data: string };

// The hot lookup: the session, its data and its user in one indexed read (Prisma's `include`
// would issue two), through the driver adapter without Prisma's engine (lib/db.ts adapterQuery).
// The password hash is not selected. Columns in the order mapped by sessionFromRow.
const SESSION_LOOKUP = `
  SELECT s."created_at", s."expire_date", s."absolute_expire_date", s."persistent", s."session_data", s."auth_version",
         u."id", u."username", u."email", u."is_active", u."is_staff", u."is_superuser", u."date_joined", u."last_login", u."auth_version",
         u."email_verified_at", s."auth_level", s."verified_at"
  FROM "auth_session" s LEFT JOIN "auth_user" u ON u."id" = s."user_id"
  WHERE s."session_key_hash" = ?`;

// The adapters give dates as ISO text and booleans as 0/1 (SQLite) or true/false (PostgreSQL).
const asDate = (value: unknown): Date => new Date(value as string);
const asBoolean = (value: unknown): boolean => value === true || value === 1 || value === "1";

function sessionFromRow(row: unknown[]) {
  const [
    createdAt,
    expiresAt,
    absoluteExpiresAt,
    persistent,
    data,
    sessionVersion,
    id,
    username,
    email,
    isActive,
    isStaff,
    isSuperuser,
    dateJoined,
    lastLogin,
    userVersion,
    emailVerifiedAt,
    authLevel,
    verifiedAt,
  ] = row;
  const user: PublicUser | null =
    id === null
      ? null
      : {
          id: Number(id),
          username: String(username),
          email: email === null ? null : String(email),
          isActive: asBoolean(isActive),
          isStaff: asBoolean(isStaff),
          isSuperuser: asBoolean(isSuperuser),
          dateJoined: asDate(dateJoined),
          lastLogin: lastLogin === null ? null : asDate(lastLogin),
          authVersion: Number(userVersion),
          emailVerifiedAt: emailVerifiedAt === null ? null : asDate(emailVerifiedAt),
        };
  return {
    createdAt: asDate(createdAt),
    expiresAt: asDate(expiresAt),
    absoluteExpiresAt: asDate(absoluteExpiresAt),
    persistent: asBoolean(persistent),
    data: String(data),
    authVersion: Number(sessionVersion),
    authLevel: AUTH_LEVELS.includes(authLevel as AuthLevel) ? (authLevel as AuthLevel) : null,
    verifiedAt: verifiedAt === null ? null : asDate(verifiedAt),
    user,
  };
}

/** 32 random bytes, base64url: 43 characters, 256 bits of entropy. */
export function generateSessionKey(): string {
  return randomBytes(32).toString("base64url");
}

/** Only this hash is stored, so a leaked sessions table cannot be replayed as cookies. */
export function hashSessionKey(key: string): string {
  return hash("sha256", key, "hex");
}

export type NewSessionOptions = {
  persistent?: boolean;
  ipAddress?: string | null;
  userAgent?: string | null;
  now?: Date;
  /** The session data as JSON text (an anonymous session is created by its first write). */
  data?: string;
  /** The user's auth_version as read with the credentials this login checked. */
  authVersion?: number;
  /** How the login proved who it was; the session counts as verified at `now`. */
  authLevel?: AuthLevel | null;
  /** A re-keyed session keeps its last proof's time (a new key proves nothing). */
  verifiedAt?: Date | null;
};

/** A new session for a user, or for an anonymous visitor when `userId` is null. */
export async function createSession(userId: number | null, options: NewSessionOptions = {}): Promise<{ key: string; session: SessionInfo }> {
  const key = generateSessionKey();
  const { session, fields } = freshSession(options);
  await db.session.create({
    data: { keyHash: hashSessionKey(key), userId, data: options.data ?? "{}", ...fields },
  });
  return { key, session };
}

/**
 * Django's cycle_key, in one statement: the session row gets a new key (and, at login, its user),
 * keeping its data, and starts its time limits afresh. The old key stops working at once. Null
 * when the old row is gone (expired or ended meanwhile).
 */
export async function cycleSessionKey(
  oldKey: string,
  userId: number | null,
  options: NewSessionOptions & { flushData?: boolean } = {},
): Promise<{ key: string; session: SessionInfo } | null> {
  const key = generateSessionKey();
  const { session, fields } = freshSession(options);
  const { count } = await db.session.updateMany({
    where: { keyHash: hashSessionKey(oldKey) },
    data: { keyHash: hashSessionKey(key), userId, ...fields, ...(options.flushData ? { data: "{}" } : {}) },
  });
  return count === 1 ? { key, session } : null;
}

function freshSession(options: NewSessionOptions) {
  const now = options.now ?? new Date();
  const persistent = options.persistent ?? false;
  const absoluteExpiresAt = new Date(now.getTime() + authConfig.sessionAbsoluteAge * 1000);
  const expiresAt = idleExpiry(now, persistent, absoluteExpiresAt);
  const authLevel = options.authLevel ?? null;
  const verifiedAt = options.verifiedAt !== undefined ? options.verifiedAt : authLevel ? now : null;
  const session: SessionInfo = { createdAt: now, renewed: false, expiresAt, absoluteExpiresAt, persistent, authLevel, verifiedAt };
  const fields = {
    createdAt: now,
    lastSeen: now,
    expiresAt,
    absoluteExpiresAt,
    persistent,
    ipAddress: options.ipAddress?.slice(0, 64) ?? null,
    userAgent: options.userAgent?.slice(0, 512) ?? null,
    authVersion: options.authVersion ?? 0,
    authLevel,
    verifiedAt,
  };
  return { session, fields };
}

/**
 * Re-binds this browser's session to the user's new auth_version (after ending every other
 * session): false when the row is gone.
 */
export async function stampSession(key: string, userId: number, authVersion: number): Promise<boolean> {
  const { count } = await db.session.updateMany({ where: { keyHash: hashSessionKey(key), userId }, data: { authVersion } });
  return count === 1;
}

/** The user proved who they are again on this session (a step-up): false when the row is gone. */
export async function stampVerified(key: string, userId: number, at: Date): Promise<boolean> {
  const { count } = await db.session.updateMany({ where: { keyHash: hashSessionKey(key), userId }, data: { verifiedAt: at } });
  return count === 1;
}

/** Replaces the session's data only if it still reads `expected`: false when it changed or the row is gone. */
export async function replaceSessionData(key: string, expected: string, data: string): Promise<boolean> {
  const { count } = await db.session.updateMany({ where: { keyHash: hashSessionKey(key), data: expected }, data: { data } });
  return count === 1;
}

/** Replaces the session's data; false when the row is gone. Only called when the data changed. */
export async function saveSessionData(key: string, data: string): Promise<boolean> {
  const { count } = await db.session.updateMany({ where: { keyHash: hashSessionKey(key) }, data: { data } });
  return count === 1;
}

/** Idle limit: short for a browser session, SESSION_AGE with Remember me; never past the absolute limit. */
export function idleExpiry(now: Date, persistent: boolean, absoluteExpiresAt: Date): Date {
  const idle = persistent ? authConfig.sessionAge : authConfig.sessionIdleTimeout;
  return earlier(new Date(now.getTime() + idle * 1000), absoluteExpiresAt);
}

/**
 * The live session for a key, anonymous or not, or null when the key is unknown, expired or its
 * user is inactive. Slides the idle expiry forward, writing at most once a minute per session so
 * that reads stay reads.
 */
export async function loadSession(key: string, now: Date = new Date()): Promise<LoadedSession | null> {
  const keyHash = hashSessionKey(key);
  const [row] = await adapterQuery(SESSION_LOOKUP, [keyHash]);
  if (!row) return null;
  const { createdAt, expiresAt: storedExpiry, absoluteExpiresAt, persistent, data, authVersion, authLevel, verifiedAt, user } = sessionFromRow(row);
  if (storedExpiry <= now || absoluteExpiresAt <= now) {
    await db.session.deleteMany({ where: { keyHash } });
    return null;
  }
  // Started from credentials that have changed since (or its user ended every session): the
  // row is left for the code that bumped the version, which deletes what it ends.
  if (user && (!user.isActive || authVersion !== user.authVersion)) return null;

  let expiresAt = storedExpiry;
  let renewed = false;
  const slid = idleExpiry(now, persistent, absoluteExpiresAt);
  if (slid.getTime() - storedExpiry.getTime() >= authConfig.sessionRenewInterval * 1000) {
    expiresAt = slid;
    // updateMany: a session deleted meanwhile (logout elsewhere) is not an error.
    await db.session.updateMany({ where: { keyHash }, data: { expiresAt, lastSeen: now } });
    renewed = true;
  }
  return { session: { createdAt, renewed, expiresAt, absoluteExpiresAt, persistent, authLevel, verifiedAt }, user, data };
}

/** A logged-in user's session for a key; null for anonymous sessions and everything loadSession refuses. */
export async function validateSessionKey(key: string, now: Date = new Date()): Promise<ValidatedSession | null> {
  const loaded = await loadSession(key, now);
  return loaded?.user ? { session: loaded.session, user: loaded.user } : null;
}

export async function deleteSession(key: string): Promise<void> {
  await db.session.deleteMany({ where: { keyHash: hashSessionKey(key) } });
}

function earlier(a: Date, b: Date): Date {
  return a < b ? a : b;
}
