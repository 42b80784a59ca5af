import "server-only";
import { createHash } from "node:crypto";
import { bcryptCompare, bcryptHash } from "./pool";
import { authConfig } from "../config";
import { verifyPbkdf2, verifyScrypt } from "./django-kdf";
import { parseHash, type HashFormat } from "./formats";

// bcrypt reads at most 72 bytes and silently ignores the rest. Like Django's
// BCryptSHA256PasswordHasher we hash SHA-256(password) as 64 hex characters, so every byte of a
// long password counts, and store it in Django's format: "bcrypt_sha256$$2b$<cost>$...".
// Hashes imported from Django (lib/auth/password/formats.ts) are checked here too, and replaced by
// this format at the next successful login, like Django's must_update.
const PREFIX = "bcrypt_sha256$";

function prehash(password: string): string {
  return createHash("sha256").update(password, "utf8").digest("hex");
}

export async function hashPassword(password: string): Promise<string> {
  return PREFIX + (await bcryptHash(prehash(password.normalize("NFKC")), authConfig.bcryptCost));
}

export type PasswordCheck = {
  valid: boolean;
  /** The stored hash should be replaced by hashPassword's (another format, a lower cost). */
  needsRehash: boolean;
  format: HashFormat;
};

/**
 * How many computations of a hash of `cost` make up one at BCRYPT_COST: a cheaper imported hash is
 * computed again until it has cost what this app's own does (Django's harden_runtime for bcrypt),
 * so an imported account is not told from an unknown name by the time its check takes.
 */
function repeatsFor(cost: number): number {
  return cost < authConfig.bcryptCost ? 2 ** (authConfig.bcryptCost - cost) : 1;
}

/**
 * Checks a password against any stored format. bcrypt runs in worker threads
 * (lib/auth/password/pool.ts); the only error is PasswordHasherBusyError when their queue is full,
 * which callers answer like an unavailable database (503, try again). Every path does at least
 * the bcrypt work of an unknown user's check (burnPasswordCheck): a bcrypt hash of a lower cost
 * is computed repeatedly, other formats run one dummy check beside their own. Only an imported
 * hash of a higher cost (up to 16) costs more, until its first login replaces it.
 */
export async function checkPassword(password: string, stored: string): Promise<PasswordCheck> {
  const format = parseHash(stored);
  const upToDate = format.kind === "bcrypt_sha256" && format.cost >= authConfig.bcryptCost;
  switch (format.kind) {
    case "bcrypt_sha256": {
      const hash = stored.slice(PREFIX.length);
      const repeat = repeatsFor(format.cost);
      const normalized = password.normalize("NFKC");
      if (await bcryptCompare(prehash(normalized), hash, repeat)) return { valid: true, needsRehash: !upToDate, format };
      // Django pre-hashes the password as typed, this app its NFKC form: a Django hash of a
      // password NFKC changes matches only the raw form. A hash this app wrote never does (the
      // raw form differs from every NFKC form), so the second try admits nothing new.
      if (normalized === password) return { valid: false, needsRehash: false, format };
      const valid = await bcryptCompare(prehash(password), hash, repeat);
      return { valid, needsRehash: valid, format };
    }
    case "bcrypt": {
      // Django's BCryptPasswordHasher: the password itself, cut at 72 bytes by bcrypt.
      const valid = await bcryptCompare(password, stored.slice("bcrypt$".length), repeatsFor(format.cost));
      // A bcrypt_sha256 check (and so an unknown user's) tries a second form when NFKC changes the input.
      if (!valid && password.normalize("NFKC") !== password) await burnOneCheck(password);
      return { valid, needsRehash: true, format };
    }
    case "pbkdf2":
    case "scrypt": {
      const check = format.kind === "pbkdf2" ? verifyPbkdf2(password, format) : verifyScrypt(password, format);
      const [valid] = await Promise.all([check.catch(() => false), burnPasswordCheck(password)]);
      return { valid, needsRehash: true, format };
    }
    case "unusable":
    case "unsupported":
      // Also a bcrypt hash above cost 16: refused without computing it.
      await burnPasswordCheck(password);
      return { valid: false, needsRehash: false, format };
  }
}

/** False for a wrong password and for any hash this app cannot verify. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  return (await checkPassword(password, stored)).valid;
}

/** True when the stored hash is not this app's format at the configured cost. */
export function passwordNeedsRehash(stored: string): boolean {
  const format = parseHash(stored);
  return !(format.kind === "bcrypt_sha256" && format.cost >= authConfig.bcryptCost);
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
  // The same path as a real bcrypt_sha256 row, second try included for non-NFKC input.
  await checkPassword(password, await warmPasswordHasher());
}

/** One bcrypt computation at BCRYPT_COST, the answer thrown away. */
async function burnOneCheck(password: string): Promise<void> {
  await bcryptCompare(prehash(password), (await warmPasswordHasher()).slice(PREFIX.length));
}
