import "server-only";
import { db } from "../../db";
import { isUniqueViolation } from "../errors";
import { hashPassword } from "../password/hash";
import { deleteUserSessions } from "../session/user-sessions";

// The only module that touches the auth_user table, with ./user-email.ts (its email columns)
// and the Django import (lib/auth/django/import.ts).

/** What leaves lib/auth: never the password hash. */
export type PublicUser = {
  id: number;
  username: string;
  email: string | null;
  isActive: boolean;
  isStaff: boolean;
  isSuperuser: boolean;
  dateJoined: Date;
  lastLogin: Date | null;
  /** Raised when the credentials change or every session ends; sessions carry the value they began with. */
  authVersion: number;
  /** When `email` was proven to reach the user; null when it never was (or there is none). */
  emailVerifiedAt: Date | null;
};

/** The row a login checks: with the hash, and whether a second factor is on (one read for both). */
type UserRow = PublicUser & { passwordHash: string; totpSecret: string | null };

export function toPublicUser(row: UserRow): PublicUser {
  const { id, username, email, isActive, isStaff, isSuperuser, dateJoined, lastLogin, authVersion, emailVerifiedAt } = row;
  return { id, username, email, isActive, isStaff, isSuperuser, dateJoined, lastLogin, authVersion, emailVerifiedAt };
}

/** The key usernames are unique and looked up by: NFKC, then lowercase ("Ａlice" → "alice"). */
export function usernameKey(username: string): string {
  return username.normalize("NFKC").toLowerCase();
}

export async function findUserForLogin(username: string): Promise<UserRow | null> {
  // No username holds a NUL (signup forbids it), and PostgreSQL refuses one in any text value
  // (an error, so a 500): such a name is simply unknown.
  if (username.includes("\0")) return null;
  return db.user.findUnique({ where: { usernameKey: usernameKey(username) } });
}

/** The account with this name (any case or width): its id and name as stored, or null; for the audit trail. */
export async function accountFor(username: string): Promise<{ id: number; username: string } | null> {
  if (username.includes("\0")) return null;
  return db.user.findUnique({ where: { usernameKey: usernameKey(username) }, select: { id: true, username: true } });
}

export type CreateUserResult = { ok: true; user: PublicUser; emailTaken?: boolean } | { ok: false; reason: "username_taken" | "email_taken" };

/**
 * Django's is_staff (may use the admin pages) and is_superuser; both false for a signup.
 * `refuseTakenEmail`: an operator's command says the address is taken; a signup never does.
 */
export type UserFlags = { isStaff?: boolean; isSuperuser?: boolean; refuseTakenEmail?: boolean };

export async function createUser(username: string, password: string, email?: string | null, flags: UserFlags = {}): Promise<CreateUserResult> {
  const passwordHash = await hashPassword(password);
  const create = (withEmail: string | null) =>
    db.user.create({
      data: {
        username,
        usernameKey: usernameKey(username),
        passwordHash,
        email: withEmail,
        isStaff: flags.isStaff ?? false,
        isSuperuser: flags.isSuperuser ?? false,
      },
    });
  try {
    return { ok: true, user: toPublicUser(await create(email ?? null)) };
  } catch (error) {
    // The unique indexes decide races between two signups, not a read-then-write; which one
    // refused is looked up afterwards.
    if (!isUniqueViolation(error)) throw error;
    if ((await usernameExists(username)) || !email) return { ok: false, reason: "username_taken" };
    if (flags.refuseTakenEmail) return { ok: false, reason: "email_taken" };
  }
  // The address belongs to another account. The account is made without it, and nothing says so:
  // a signup form must not tell strangers which addresses have accounts.
  try {
    return { ok: true, user: toPublicUser(await create(null)), emailTaken: true };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: "username_taken" };
    throw error;
  }
}

/** Whether the name, in any case or width, is taken. */
export async function usernameExists(username: string): Promise<boolean> {
  return (await db.user.count({ where: { usernameKey: usernameKey(username) } })) > 0;
}

export async function recordLogin(userId: number, at: Date): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { lastLogin: at } });
}

/**
 * The same password in another format (a rehash at login): sessions stay valid. Only over the
 * hash that was checked: a password changed meanwhile is never overwritten with the old one.
 */
export async function updatePasswordHash(userId: number, passwordHash: string, checked: string): Promise<void> {
  await db.user.updateMany({ where: { id: userId, passwordHash: checked }, data: { passwordHash } });
}

/**
 * A new password: every session and pending login step made with the old one stops working at
 * once (their auth_version no longer matches). Returns the new auth_version. With
 * `expectedVersion` (a change the user asked for), only while the version is still that one:
 * null when the asking session was ended, or the credentials changed, since it was checked.
 */
export async function setPassword(userId: number, passwordHash: string, expectedVersion?: number): Promise<number | null> {
  return raiseVersion(userId, expectedVersion, { passwordHash });
}

/** Invalidates every session and pending login step of the user; returns the new auth_version (see setPassword). */
export async function bumpAuthVersion(userId: number, expectedVersion?: number): Promise<number | null> {
  return raiseVersion(userId, expectedVersion, {});
}

async function raiseVersion(userId: number, expectedVersion: number | undefined, data: { passwordHash?: string }): Promise<number | null> {
  if (expectedVersion === undefined) {
    const row = await db.user.update({ where: { id: userId }, data: { ...data, authVersion: { increment: 1 } }, select: { authVersion: true } });
    return row.authVersion;
  }
  const { count } = await db.user.updateMany({ where: { id: userId, authVersion: expectedVersion }, data: { ...data, authVersion: expectedVersion + 1 } });
  return count === 1 ? expectedVersion + 1 : null;
}

/**
 * Ends every session of the user, including any a login racing this call is about to store
 * (the version goes up first), and says how many rows there were.
 */
export async function endAllSessions(userId: number): Promise<number> {
  await db.user.updateMany({ where: { id: userId }, data: { authVersion: { increment: 1 } } });
  return deleteUserSessions(userId);
}

export async function findUserById(userId: number): Promise<PublicUser | null> {
  const row = await db.user.findUnique({ where: { id: userId } });
  return row ? toPublicUser(row) : null;
}

/** Sets is_active (a deactivation also ends every session); null when there is no such user. */
export async function setActive(userId: number, isActive: boolean): Promise<PublicUser | null> {
  const { count } = await db.user.updateMany({ where: { id: userId }, data: { isActive, ...(isActive ? {} : { authVersion: { increment: 1 } }) } });
  if (count === 1 && !isActive) await deleteUserSessions(userId);
  return count === 1 ? findUserById(userId) : null;
}

/**
 * Deletes the user, if their auth_version is still `expectedVersion`; their sessions and recovery
 * codes go with them (ON DELETE CASCADE). False when the asking session was ended meanwhile.
 */
export async function deleteUser(userId: number, expectedVersion: number): Promise<boolean> {
  return (await db.user.deleteMany({ where: { id: userId, authVersion: expectedVersion } })).count === 1;
}

export type UserPage = { users: PublicUser[]; total: number };

/**
 * One page of users ordered by username, optionally those whose username contains `search`, ignoring
 * case. Raw SQL because Prisma's `contains` passes `%` and `_` through as LIKE wildcards (checked:
 * "_" matched every name) and its case-insensitive mode exists only on PostgreSQL; LOWER() … LIKE
 * … ESCAPE reads the same on SQLite and PostgreSQL.
 */
export async function listUsers({ search, offset, limit }: { search: string; offset: number; limit: number }): Promise<UserPage> {
  if (search.includes("\0")) return { users: [], total: 0 }; // no name has one; PostgreSQL would refuse the query
  const pattern = `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const users = await db.$queryRaw<PublicUser[]>`
    SELECT "id", "username", "email", "is_active" AS "isActive", "is_staff" AS "isStaff",
           "is_superuser" AS "isSuperuser", "date_joined" AS "dateJoined", "last_login" AS "lastLogin",
           "auth_version" AS "authVersion", "email_verified_at" AS "emailVerifiedAt"
    FROM "auth_user" WHERE LOWER("username") LIKE ${pattern} ESCAPE '\\'
    ORDER BY "username" LIMIT ${limit} OFFSET ${offset}`;
  const [counted] = await db.$queryRaw<{ total: bigint | number }[]>`
    SELECT COUNT(*) AS "total" FROM "auth_user" WHERE LOWER("username") LIKE ${pattern} ESCAPE '\\'`;
  return { users, total: Number(counted?.total ?? 0) };
}
