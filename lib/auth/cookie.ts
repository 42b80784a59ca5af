// The browser's half of a session: a sealed pointer holding the session key and nothing else.
// Edge-safe: imports neither Prisma nor bcryptjs, so middleware.ts can unseal it.
import { sealData, unsealData } from "iron-session";
import { authConfig, cookieIsSecure } from "./config";
import { sessionSecrets } from "./secret";

type SealedSession = { k?: unknown };

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

export async function sealSessionKey(key: string): Promise<string> {
  return sealData({ k: key } satisfies SealedSession, {
    password: sessionSecrets().seal,
    ttl: authConfig.sessionAbsoluteAge,
  });
}

const KEY_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const MAX_SEALED_LENGTH = 1024;

/** The session key inside a cookie value, or null for a missing, tampered or expired seal. */
export async function unsealSessionKey(sealed: string | undefined): Promise<string | null> {
  if (!sealed || sealed.length > MAX_SEALED_LENGTH) return null;
  try {
    const data = await unsealData<SealedSession>(sealed, {
      password: sessionSecrets().unseal,
      ttl: authConfig.sessionAbsoluteAge,
    });
    return typeof data.k === "string" && KEY_PATTERN.test(data.k) ? data.k : null;
  } catch {
    // A malformed seal means anonymous, never an error page.
    return null;
  }
}
