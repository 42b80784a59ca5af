// Every cookie the app sets, in one place. The session cookie is the browser's half of a session:
// a sealed pointer holding the session key and whether the session is anonymous, nothing else.
// The two-factor pages add two short-lived sealed cookies of their own. Edge-safe: imports
// neither Prisma nor bcryptjs (and next/headers only inside the writers), so middleware.ts can
// unseal the session cookie.
import { authConfig, cookieIsSecure } from "./config";
import { sealFor, unsealFor } from "./secrets/seal";
import { sessionSecrets, type SealingPasswords } from "./secrets/secret";

// `a: 1` marks an anonymous visitor's session, so the middleware could send it to the login page
// without a database, should it run with a cookie (its matcher skips cookie holders). The flag
// only steers that optimistic gate: the database still decides.
// The seal's purpose is "session" (lib/auth/secrets/seal.ts): no other sealed value opens as one.

/** What a valid seal holds. */
export type SessionPointer = { key: string; anonymous: boolean };

export function sessionCookieName(): string {
  // __Host- makes the browser refuse the cookie unless Secure, Path=/ and no Domain.
  return cookieIsSecure() ? "__Host-sessionid" : "sessionid";
}

export type SessionCookieOptions = {
  httpOnly: true;
  sameSite: "lax";
  path: "/";
  secure: boolean;
  maxAge?: number;
};

/** Without `persistent` the cookie is a browser-session cookie; the server row still expires. */
export function sessionCookieOptions(persistent: boolean): SessionCookieOptions {
  return {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: cookieIsSecure(),
    ...(persistent ? { maxAge: authConfig.sessionAbsoluteAge } : {}),
  };
}

export async function sealSessionKey(key: string, options: { anonymous?: boolean } = {}): Promise<string> {
  return sealFor("session", options.anonymous ? { k: key, a: 1 } : { k: key }, authConfig.sessionAbsoluteAge);
}

const KEY_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const MAX_SEALED_LENGTH = 1024;

// Unsealing costs 0.2–0.5 ms of CPU (a key derivation per call), more than the rest of an
// authenticated API request's own work, and a browser sends the same seal on every request. So a
// successful unseal is remembered, keyed by the whole sealed value (its MAC included: a forged or
// altered value never matches), in a small LRU per process. The seal's own expiry is checked on
// every hit. The cache only saves CPU: the session row is still read on every request, so a
// revoked or expired session is refused as before.
const UNSEAL_CACHE_SIZE = 2048;
const unsealed = new Map<string, { pointer: SessionPointer; expiresAt: number }>();
/** The secrets the remembered seals were opened with: a rotation forgets them all. */
let unsealedWith: SealingPasswords["unseal"] | null = null;

/** The seal's expiry (ms since the epoch) as iron-session writes it, or Infinity. */
function sealExpiry(sealed: string): number {
  const expiration = Number(sealed.split("*")[5]);
  return Number.isFinite(expiration) && expiration > 0 ? expiration : Number.POSITIVE_INFINITY;
}

/** What a cookie value points at, or null for a missing, tampered or expired seal. */
export async function unsealSession(sealed: string | undefined): Promise<SessionPointer | null> {
  if (!sealed || sealed.length > MAX_SEALED_LENGTH) return null;
  const secrets: SealingPasswords["unseal"] = sessionSecrets().unseal;
  if (secrets !== unsealedWith) {
    unsealed.clear();
    unsealedWith = secrets;
  }
  const hit = unsealed.get(sealed);
  if (hit) {
    unsealed.delete(sealed);
    if (hit.expiresAt <= Date.now()) return null;
    unsealed.set(sealed, hit); // most recently used last
    return hit.pointer;
  }
  const data = await unsealFor("session", sealed, authConfig.sessionAbsoluteAge);
  if (!data || typeof data.k !== "string" || !KEY_PATTERN.test(data.k)) return null;
  const pointer: SessionPointer = { key: data.k, anonymous: data.a === 1 };
  if (unsealed.size >= UNSEAL_CACHE_SIZE) unsealed.delete(unsealed.keys().next().value!);
  unsealed.set(sealed, { pointer, expiresAt: sealExpiry(sealed) });
  return pointer;
}

/** Forgets every remembered unseal (tests; a secret rotation restarts the process anyway). */
export function clearUnsealCache(): void {
  unsealed.clear();
}

/** The session key inside a cookie value (anonymous or not), or null. */
export async function unsealSessionKey(sealed: string | undefined): Promise<string | null> {
  return (await unsealSession(sealed))?.key ?? null;
}

/** Points the browser at a session: the key sealed with whether it is anonymous. */
export async function setSessionCookie(key: string, options: { persistent: boolean; anonymous: boolean }): Promise<void> {
  const sealed = await sealSessionKey(key, { anonymous: options.anonymous });
  await writeCookie(sessionCookieName(), sealed, sessionCookieOptions(options.persistent));
}

export async function clearSessionCookie(): Promise<void> {
  await writeCookie(sessionCookieName(), "", { ...sessionCookieOptions(false), maxAge: 0 });
}

/** The short-lived cookies of the two-factor pages (values sealed by the caller for their purpose). */
export type ShortCookie = "mfa_setup" | "mfa_codes";

function shortCookieName(base: ShortCookie): string {
  return cookieIsSecure() ? `__Host-${base}` : base;
}

export async function setShortCookie(base: ShortCookie, value: string, maxAge: number): Promise<void> {
  await writeCookie(shortCookieName(base), value, { httpOnly: true, sameSite: "lax", path: "/", secure: cookieIsSecure(), maxAge });
}

export async function clearShortCookie(base: ShortCookie): Promise<void> {
  await setShortCookie(base, "", 0);
}

export async function readShortCookie(base: ShortCookie): Promise<string | undefined> {
  const { cookies } = await import("next/headers");
  return (await cookies()).get(shortCookieName(base))?.value;
}

async function writeCookie(
  name: string,
  value: string,
  options: SessionCookieOptions | (Omit<SessionCookieOptions, "maxAge"> & { maxAge: number }),
): Promise<void> {
  const { cookies } = await import("next/headers");
  (await cookies()).set(name, value, options);
}
