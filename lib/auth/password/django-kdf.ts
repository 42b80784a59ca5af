import "server-only";
import { pbkdf2, scrypt, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import type { HashFormat } from "./formats";

// Django's PBKDF2 and scrypt hashers, checked with node:crypto. The async forms run on libuv's
// thread pool, so a 600,000-iteration check does not hold the event loop. Django hashes the
// password's UTF-8 bytes as given (no normalisation), and so do we here.

const pbkdf2Async = promisify(pbkdf2);
const scryptAsync = promisify(scrypt) as (password: string, salt: string, keylen: number, options: object) => Promise<Buffer>;

const DIGEST_BYTES = { sha256: 32, sha1: 20 } as const;
const SCRYPT_KEY_BYTES = 64; // Django's dklen

/** Constant-time comparison of a derived key with the stored base64 one. */
function sameKey(derived: Buffer, storedBase64: string): boolean {
  const stored = Buffer.from(storedBase64, "base64");
  // Lengths are public (they follow from the algorithm); only the contents are compared in constant time.
  if (stored.length !== derived.length) return false;
  return timingSafeEqual(derived, stored);
}

export async function verifyPbkdf2(password: string, format: Extract<HashFormat, { kind: "pbkdf2" }>): Promise<boolean> {
  const derived = await pbkdf2Async(password, format.salt, format.iterations, DIGEST_BYTES[format.digest], format.digest);
  return sameKey(derived, format.hash);
}

export async function verifyScrypt(password: string, format: Extract<HashFormat, { kind: "scrypt" }>): Promise<boolean> {
  const { n, r, p } = format;
  const derived = await scryptAsync(password, format.salt, SCRYPT_KEY_BYTES, { N: n, r, p, maxmem: 128 * n * r * (p + 1) + 1024 * 1024 });
  return sameKey(derived, format.hash);
}
