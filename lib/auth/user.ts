import "server-only";
import { db } from "../db";
import { isUniqueViolation } from "./errors";
import { hashPassword } from "./password";

// The only module that touches the auth_user table.

/** What leaves lib/auth: never the password hash. */
export type PublicUser = {
  id: number;
  username: string;
  isActive: boolean;
  isStaff: boolean;
  dateJoined: Date;
  lastLogin: Date | null;
};

type UserRow = PublicUser & { passwordHash: string };

export function toPublicUser(row: UserRow): PublicUser {
  const { id, username, isActive, isStaff, dateJoined, lastLogin } = row;
  return { id, username, isActive, isStaff, dateJoined, lastLogin };
}

export async function findUserForLogin(username: string): Promise<UserRow | null> {
  return db.user.findUnique({ where: { username } });
}

export type CreateUserResult = { ok: true; user: PublicUser } | { ok: false; reason: "username_taken" };

export async function createUser(username: string, password: string): Promise<CreateUserResult> {
  const passwordHash = await hashPassword(password);
  try {
    const row = await db.user.create({ data: { username, passwordHash } });
    return { ok: true, user: toPublicUser(row) };
  } catch (error) {
    // The unique index decides races between two signups of one name, not a read-then-write.
    if (isUniqueViolation(error)) return { ok: false, reason: "username_taken" };
    throw error;
  }
}

export async function recordLogin(userId: number, at: Date): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { lastLogin: at } });
}

export async function updatePasswordHash(userId: number, passwordHash: string): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { passwordHash } });
}

export async function findUserById(userId: number): Promise<PublicUser | null> {
  const row = await db.user.findUnique({ where: { id: userId } });
  return row ? toPublicUser(row) : null;
}

/** Sets is_active; null when there is no such user. */
export async function setActive(userId: number, isActive: boolean): Promise<PublicUser | null> {
  const { count } = await db.user.updateMany({ where: { id: userId }, data: { isActive } });
  return count === 1 ? findUserById(userId) : null;
}
