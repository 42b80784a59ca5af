import "server-only";
import { createHash } from "node:crypto";
import bcrypt from "bcryptjs";
import { authConfig } from "./config";

// bcrypt reads at most 72 bytes and silently ignores the rest. Like Django's
// BCryptSHA256PasswordHasher we hash SHA-256(password) as 64 hex characters, so every byte of a
// long password counts, and store it in Django's format: "bcrypt_sha256$$2b$<cost>$...".
const PREFIX = "bcrypt_sha256$";

function prehash(password: string): string {
  return createHash("sha256").update(password.normalize("NFKC"), "utf8").digest("hex");
}

export async function hashPassword(password: string): Promise<string> {
  return PREFIX + (await bcrypt.hash(prehash(password), authConfig.bcryptCost));
}

/** False for a wrong password and for any hash this app cannot verify (never throws). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (!stored.startsWith(PREFIX)) return false;
  try {
    return await bcrypt.compare(prehash(password), stored.slice(PREFIX.length));
  } catch {
    return false;
  }
}

/** True when the stored hash was made with a lower cost than the configured one. */
export function passwordNeedsRehash(stored: string): boolean {
  if (!stored.startsWith(PREFIX)) return true;
  try {
    return bcrypt.getRounds(stored.slice(PREFIX.length)) < authConfig.bcryptCost;
  } catch {
    return true;
  }
}

let dummyHash: Promise<string> | undefined;

/** The throwaway hash unknown-user logins are checked against; started at server startup. */
export function warmPasswordHasher(): Promise<string> {
  return (dummyHash ??= hashPassword("seed-dummy-password-for-timing"));
}

/**
 * Does the work of one password check against a throwaway hash, so that an unknown username
 * costs the same time as a wrong password and cannot be told apart by timing.
 */
export async function burnPasswordCheck(password: string): Promise<void> {
  await verifyPassword(password, await warmPasswordHasher());
}
