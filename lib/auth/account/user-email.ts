import "server-only";
import { db } from "../../db";
import { isUniqueViolation } from "../errors";
import { toPublicUser, type PublicUser } from "./users";

// auth_user's email columns: the address, and when it was proven to reach the user. Addresses
// are stored lowercased (lib/auth/validation.ts), so equality is exact.

/** The active account whose address is `email` and was verified: the only one a reset link goes to. */
export async function findUserByVerifiedEmail(email: string): Promise<PublicUser | null> {
  if (email.includes("\0")) return null;
  const row = await db.user.findFirst({ where: { email, isActive: true, emailVerifiedAt: { not: null } } });
  return row ? toPublicUser(row) : null;
}

/** Whether any account has the address (verified or not). */
export async function emailInUse(email: string): Promise<boolean> {
  if (email.includes("\0")) return false;
  return (await db.user.count({ where: { email } })) > 0;
}

/**
 * Sets or clears the email, if the user's auth_version is still `expectedVersion` (the session
 * that asked is still valid): "taken" when another account has the address, "stale" otherwise.
 * `verified`: the address was just proven (an opened link); otherwise it is not verified.
 */
export async function setEmail(userId: number, email: string | null, expectedVersion: number, verified = false): Promise<"saved" | "taken" | "stale"> {
  try {
    const data = { email, emailVerifiedAt: verified && email ? new Date() : null };
    const { count } = await db.user.updateMany({ where: { id: userId, authVersion: expectedVersion }, data });
    return count === 1 ? "saved" : "stale";
  } catch (error) {
    if (isUniqueViolation(error)) return "taken";
    throw error;
  }
}

/** Marks the address verified, if it is still the user's address: false otherwise. */
export async function markEmailVerified(userId: number, email: string): Promise<boolean> {
  const { count } = await db.user.updateMany({ where: { id: userId, email }, data: { emailVerifiedAt: new Date() } });
  return count === 1;
}
