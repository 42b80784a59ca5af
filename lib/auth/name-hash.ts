import "server-only";
import { createHmac, hkdfSync } from "node:crypto";
import { sessionSecrets } from "./secret";
import { usernameKey } from "./user";

// What the audit trail keeps of a name that is no account: what someone typed into the username
// field may be their password. A keyed hash (HMAC with a key derived from SESSION_SECRET) still
// groups repeated tries of one name and lets staff search for a name they know, but a copy of
// the trail alone cannot be searched for candidate names or passwords. A new secret gives new
// hashes: tries recorded before a rotation no longer match a search.

let cached: { secret: string; key: Buffer } | undefined;

function hashKey(): Buffer {
  const [secret] = Object.values(sessionSecrets().seal); // the current secret, alone
  if (!secret) throw new Error("no session secret");
  if (cached?.secret !== secret) {
    cached = { secret, key: Buffer.from(hkdfSync("sha256", secret, "", "seed audit: names that are no account", 32)) };
  }
  return cached.key;
}

/** 16 hex characters (64 bits) of HMAC-SHA256 over the name as usernames compare (NFKC, lower case). */
export function nameHash(name: string): string {
  return createHmac("sha256", hashKey()).update(usernameKey(name)).digest("hex").slice(0, 16);
}
