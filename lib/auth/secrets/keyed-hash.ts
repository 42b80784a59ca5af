import "server-only";
import { createHmac, hkdfSync } from "node:crypto";
import { sessionSecrets } from "./secret";

// Keyed hashes of what people type as a name: it may be their password, typed into the wrong
// field. A keyed hash (HMAC, with a key derived from SESSION_SECRET for each purpose) still groups
// repeated tries of one name, and finds them for staff searching a name they know, but a copy of
// the database alone cannot be searched for candidate names or passwords, as a plain SHA-256
// could. A new secret gives new hashes: throttle counters start over, and tries recorded before a
// rotation no longer match a search.

export type NamePurpose = "audit" | "throttle";

const LABELS: Record<NamePurpose, string> = {
  audit: "seed audit: names that are no account",
  throttle: "seed throttle: subjects",
};

let cached: { secret: string; keys: Map<NamePurpose, Buffer> } | undefined;

function keyFor(purpose: NamePurpose): Buffer {
  const [secret] = Object.values(sessionSecrets().seal); // the current secret, alone
  if (!secret) throw new Error("no session secret");
  if (cached?.secret !== secret) cached = { secret, keys: new Map() };
  let key = cached.keys.get(purpose);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, "", LABELS[purpose], 32));
    cached.keys.set(purpose, key);
  }
  return key;
}

/** HMAC-SHA256 of `value` (already normalised by the caller) under the purpose's key, as hex. */
export function keyedHash(purpose: NamePurpose, value: string): string {
  return createHmac("sha256", keyFor(purpose)).update(value).digest("hex");
}

/** What the audit trail keeps of a name that is no account: 16 hex characters (64 bits). */
export function nameHash(name: string): string {
  return keyedHash("audit", name.normalize("NFKC").toLowerCase()).slice(0, 16);
}
