// The browser's half of a session: a sealed pointer holding the session key and whether the
// session is anonymous, nothing else. Edge-safe: imports neither Prisma nor bcryptjs, so
// middleware.ts can unseal it.
import { sealData, unsealData } from "iron-session";
import { authConfig, cookieIsSecure } from "./config";
import { sessionSecrets } from "./secret";

// `a: 1` marks an anonymous visitor's session, so the edge gate can send it to the login page
// without a database. Cookies sealed before anonymous sessions existed carry no flag and were
// always logged in. The flag only steers the optimistic gate: the database still decides.
type SealedSession = { k?: unknown; a?: unknown };

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
  const payload: SealedSession = options.anonymous ? { k: key, a: 1 } : { k: key };
  return sealData(payload, {
    password: sessionSecrets().seal,
    ttl: authConfig.sessionAbsoluteAge,
  });
}

const KEY_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const MAX_SEALED_LENGTH = 1024;

/** What a cookie value points at, or null for a missing, tampered or expired seal. */
export async function unsealSession(sealed: string | undefined): Promise<SessionPointer | null> {
  if (!sealed || sealed.length > MAX_SEALED_LENGTH) return null;
  try {
    const data = await unsealData<SealedSession>(sealed, {
      password: sessionSecrets().unseal,
      ttl: authConfig.sessionAbsoluteAge,
    });
    if (typeof data.k !== "string" || !KEY_PATTERN.test(data.k)) return null;
    return { key: data.k, anonymous: data.a === 1 };
  } catch {
    // A malformed seal means no session, never an error page.
    return null;
  }
}

/** The session key inside a cookie value (anonymous or not), or null. */
export async function unsealSessionKey(sealed: string | undefined): Promise<string | null> {
  return (await unsealSession(sealed))?.key ?? null;
}
