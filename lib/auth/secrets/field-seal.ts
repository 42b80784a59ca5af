import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { keyingSecrets } from "./secret";

// Secrets the app must keep in the database and read back (a TOTP seed, unlike a password, cannot
// be hashed), encrypted with a key derived from SESSION_SECRET, so that a copy of the database
// alone opens none of them. AES-256-GCM under an HKDF key per purpose; the value reads
//   <purpose>1.<key id>.<iv>.<ciphertext>.<tag>        (base64url; the key id in hex)
// and the purpose, key id and owner (e.g. the user id) are authenticated with it: a value made
// for one purpose or one owner does not open as another. The key id names the secret it was
// sealed under, so values sealed before a rotation open with SESSION_SECRET_FALLBACKS.

export type SealPurpose = "totp";

type Key = { id: string; key: Buffer };
const keys = new Map<string, Key>();

function keyFor(secret: string, purpose: SealPurpose): Key {
  const cacheKey = `${purpose}\n${secret}`;
  let key = keys.get(cacheKey);
  if (!key) {
    key = {
      // Names the secret without revealing anything about it, the same for every purpose.
      id: Buffer.from(hkdfSync("sha256", secret, "", "seed field seal: key id", 4)).toString("hex"),
      key: Buffer.from(hkdfSync("sha256", secret, "", `seed field seal: ${purpose}`, 32)),
    };
    keys.set(cacheKey, key);
  }
  return key;
}

const aad = (header: string, owner: string) => Buffer.from(`${header}\n${owner}`, "utf8");

/** Encrypts `value` for `purpose` and `owner` under the current SESSION_SECRET. */
export function sealField(purpose: SealPurpose, owner: string, value: string): string {
  const { id, key } = keyFor(keyingSecrets().current, purpose);
  const header = `${purpose}1.${id}`;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv).setAAD(aad(header, owner));
  const ciphertext = Buffer.concat([cipher.update(value, "utf8"), cipher.final()]);
  return [header, iv.toString("base64url"), ciphertext.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

/** True when `stored` is a value sealed for `purpose` (openable or not). */
export function isSealedField(purpose: SealPurpose, stored: string): boolean {
  return stored.startsWith(`${purpose}1.`);
}

export type OpenedField = { value: string; underCurrentSecret: boolean };

/** The value, or null: another purpose or owner, tampered, or sealed under a secret no longer configured. */
export function openField(purpose: SealPurpose, owner: string, stored: string): OpenedField | null {
  const parts = stored.split(".");
  if (parts.length !== 5 || parts[0] !== `${purpose}1`) return null;
  const [, id, iv, ciphertext, tag] = parts as [string, string, string, string, string];
  const { current, all } = keyingSecrets();
  const secret = all.find((candidate) => keyFor(candidate, purpose).id === id);
  if (secret === undefined) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyFor(secret, purpose).key, Buffer.from(iv, "base64url"))
      .setAAD(aad(`${purpose}1.${id}`, owner))
      .setAuthTag(Buffer.from(tag, "base64url"));
    const value = Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
    return { value, underCurrentSecret: secret === current };
  } catch {
    return null;
  }
}
