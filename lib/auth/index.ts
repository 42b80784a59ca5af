import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { sealSessionKey, sessionCookieName, sessionCookieOptions, unsealSessionKey } from "./cookie";
import { burnPasswordCheck, hashPassword, passwordNeedsRehash, verifyPassword } from "./password";
import { isDatabaseUnavailable } from "./errors";
import { loginPath } from "./redirect";
import { requestInfo } from "./request";
import { createSession, deleteSession, validateSessionKey, type ValidatedSession } from "./session";
import {
  createUser,
  findUserForLogin,
  recordLogin,
  toPublicUser,
  updatePasswordHash,
  type CreateUserResult,
  type PublicUser,
} from "./user";
import type { SignupInput } from "./validation";

// What pages, server actions and API routes call. Nothing outside lib/auth touches the auth
// tables, the password hasher or the session cookie.

export type { PublicUser } from "./user";
export type { ValidatedSession } from "./session";

/** Creates a user; like Django's signup it does not log them in. */
export async function signup(input: SignupInput): Promise<CreateUserResult> {
  return createUser(input.username, input.password);
}

/**
 * The user for these credentials, or null. An unknown username does the same hashing work as a
 * wrong password, and an inactive user is refused like a wrong password (Django's ModelBackend).
 */
export async function authenticate(username: string, password: string): Promise<PublicUser | null> {
  const row = await findUserForLogin(username);
  if (!row) {
    await burnPasswordCheck(password);
    return null;
  }
  if (!(await verifyPassword(password, row.passwordHash)) || !row.isActive) return null;
  if (passwordNeedsRehash(row.passwordHash)) {
    await updatePasswordHash(row.id, await hashPassword(password));
  }
  return toPublicUser(row);
}

/**
 * Starts a new session for `user` and sets the cookie. A fresh key every time (no fixation);
 * a session this browser already had is ended first.
 */
export async function login(user: PublicUser, options: { remember?: boolean } = {}): Promise<void> {
  const jar = await cookies();
  const name = sessionCookieName();
  const previousKey = await unsealSessionKey(jar.get(name)?.value);
  if (previousKey) await deleteSession(previousKey);

  const persistent = options.remember ?? false;
  const now = new Date();
  const { key } = await createSession(user.id, { persistent, now, ...(await requestInfo()) });
  await recordLogin(user.id, now);
  jar.set(name, await sealSessionKey(key), sessionCookieOptions(persistent));
}

/** Deletes the session row (revocation is immediate) and clears the cookie. */
export async function logout(): Promise<void> {
  const jar = await cookies();
  const name = sessionCookieName();
  const key = await unsealSessionKey(jar.get(name)?.value);
  if (key) await deleteSession(key);
  jar.set(name, "", { ...sessionCookieOptions(false), maxAge: 0 });
}

/** The session and user of this request, checked against the database; memoised per request. */
export const getCurrentSession = cache(async (): Promise<ValidatedSession | null> => {
  const jar = await cookies();
  const key = await unsealSessionKey(jar.get(sessionCookieName())?.value);
  return key ? validateSessionKey(key) : null;
});

export async function getCurrentUser(): Promise<PublicUser | null> {
  return (await getCurrentSession())?.user ?? null;
}

/** For pages: the current user; when the database does not answer, the 503 page instead. */
export async function getPageUser(): Promise<PublicUser | null> {
  try {
    return await getCurrentUser();
  } catch (error) {
    if (isDatabaseUnavailable(error)) redirect("/unavailable");
    throw error;
  }
}

/** For pages: the logged-in user, or a redirect to the login page that comes back to `returnTo`. */
export async function requireUser(returnTo?: string): Promise<PublicUser> {
  const user = await getPageUser();
  if (!user) redirect(loginPath(returnTo));
  return user;
}
