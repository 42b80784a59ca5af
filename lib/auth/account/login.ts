import "server-only";
import { authEvent } from "../audit/record";
import { verifySecondFactor } from "../factors/totp";
import { log } from "../../log";
import { describeHash } from "../password/formats";
import { burnPasswordCheck, checkPassword, hashPassword } from "../password/hash";
import { requestInfo } from "../request";
import { flushSession } from "../session/data";
import { cycleSessionKey, createSession, type AuthLevel } from "../session/records";
import { requestSession } from "../session/request-session";
import { setSessionCookie } from "../cookies";
import { acceptAccountGuess, admitLoginAttempt, refundClientAttempt } from "../throttle/limits";
import type { Throttled } from "./outcomes";
import { accountFor, findUserForLogin, recordLogin, toPublicUser, updatePasswordHash, type PublicUser } from "./users";

// Logging in and out (Django's authenticate, login and logout): the password checked behind the
// throttle, the second factor when the user has one, and the session started, bound to the
// credentials that were checked.

export type LoginAttempt =
  { ok: true; user: PublicUser; level: AuthLevel } | { ok: false; reason: "invalid" } | { ok: false; reason: "second_factor"; user: PublicUser } | Throttled;

/**
 * `authenticate` behind the throttle (lib/auth/throttle/limits.ts), and the second factor when the user
 * has one (`code`: a TOTP or recovery code; without it the answer is "second_factor"). The
 * attempt is counted against the client address and the account before the password is checked,
 * so a burst of parallel guesses cannot slip past either count; a right password is given back.
 * While either is blocked the attempt is refused without checking the password, so the answer
 * says nothing about it. Unknown usernames are counted like real ones.
 */
export async function attemptLogin(username: string, password: string, code?: string): Promise<LoginAttempt> {
  const { ipAddress } = await requestInfo();
  const admission = await admitLoginAttempt(username, ipAddress);
  if (!admission.ok) {
    await authEvent("login_throttled", { ...(await whoTried(username)), detail: admission.rule });
    return { ok: false, reason: "throttled", retryAfter: admission.retryAfter };
  }

  const checked = await checkCredentials(username, password);
  const user = checked?.user ?? null;
  const secondFactor = checked?.secondFactor ?? false;
  if (user) await refundClientAttempt(ipAddress);
  // With a second factor, the right password alone proves nothing yet: the account's count stands.
  if (user && secondFactor && !code) {
    await authEvent("second_factor_required", { userId: user.id, username: user.username });
    return { ok: false, reason: "second_factor", user };
  }
  const factor = user && secondFactor ? await verifySecondFactor(user.id, code!) : null;
  if (!user || factor === false) {
    const who = user ? { userId: user.id, username: user.username } : await whoTried(username);
    await authEvent("login_failed", { ...who, detail: user ? "second factor" : "credentials" });
    return { ok: false, reason: "invalid" };
  }
  await acceptAccountGuess(username);
  return { ok: true, user, level: factor ? `password+${factor}` : "password" };
}

/** How the audit trail names who a login was for: the account, or a name that is none (hashed). */
async function whoTried(username: string): Promise<{ userId: number; username: string } | { unknownName: string }> {
  const account = await accountFor(username);
  return account ? { userId: account.id, username: account.username } : { unknownName: username };
}

/**
 * The user for these credentials, or null. An unknown username does the same hashing work as a
 * wrong password, and an inactive user is refused like a wrong password (Django's ModelBackend).
 */
export async function authenticate(username: string, password: string): Promise<PublicUser | null> {
  return (await checkCredentials(username, password))?.user ?? null;
}

/** `authenticate`, also telling whether the user has a second factor (read with the same row). */
async function checkCredentials(username: string, password: string): Promise<{ user: PublicUser; secondFactor: boolean } | null> {
  const row = await findUserForLogin(username);
  if (!row) {
    await burnPasswordCheck(password);
    return null;
  }
  const check = await checkPassword(password, row.passwordHash);
  if (check.format.kind === "unsupported") {
    // Refused like a wrong password; the operator learns why (imported from Django, usually).
    log.warn({ event: "password_hash_unsupported", userId: row.id, algorithm: check.format.algorithm, reason: check.format.reason });
  }
  if (!check.valid || !row.isActive) return null;
  if (check.needsRehash) {
    // Django's must_update: an imported hash or a lower bcrypt cost becomes this app's hash now.
    await updatePasswordHash(row.id, await hashPassword(password), row.passwordHash);
    await authEvent("hash_upgraded", { userId: row.id, username: row.username, detail: `from ${describeHash(check.format)}` });
  }
  return { user: toPublicUser(row), secondFactor: Boolean(row.totpSecret) };
}

/**
 * Logs `user` in on this browser (Django's login()): the browser's session, anonymous or the same
 * user's, continues under a fresh key with its data (cycle_key: the old key stops working, so a
 * planted key is worthless); another user's session is flushed first. Without one, a new session.
 */
export async function login(user: PublicUser, options: { remember?: boolean; level: AuthLevel }): Promise<void> {
  const now = new Date();
  // last_login first: once the session exists and the cookie is set, nothing may fail the
  // request, or a client told "unavailable" would hold a working session.
  await recordLogin(user.id, now);
  await startSession(user, options.remember ?? false, { now, level: options.level });
  const detail = [options.level === "password" ? null : options.level, options.remember ? "remember me" : null].filter(Boolean).join(", ");
  await authEvent("login", { userId: user.id, username: user.username, detail: detail || undefined });
}

/**
 * `user.authVersion` is the one read with the credentials just checked: the session is bound to
 * it. With `rotating`, the browser's session must still exist (it is re-keyed after a change the
 * user made): if it was ended meanwhile, the browser is logged out rather than given a new one.
 */
export async function startSession(
  user: PublicUser,
  persistent: boolean,
  { now = new Date(), rotating = false, level }: { now?: Date; rotating?: boolean; level?: AuthLevel } = {},
): Promise<boolean> {
  const state = await requestSession();
  // A re-keyed session keeps how its login was proved (the change that re-keys it was stepped up).
  // A login proves who it is now; a re-key keeps the time of the last proof, so changes made in
  // the window cannot stretch it.
  const authLevel = level ?? state.loaded?.session.authLevel ?? null;
  const verifiedAt = level ? now : (state.loaded?.session.verifiedAt ?? null);
  const options = { persistent, now, authVersion: user.authVersion, authLevel, verifiedAt, ...(await requestInfo()) };
  const otherUser = state.loaded?.user != null && state.loaded.user.id !== user.id;
  let started = state.key ? await cycleSessionKey(state.key, user.id, { ...options, flushData: otherUser }) : null;
  if (otherUser) state.data = {};
  if (!started && rotating) {
    await flushSession();
    return false;
  }
  if (!started) {
    started = await createSession(user.id, { ...options, data: JSON.stringify(state.data) });
  }
  await setSessionCookie(started.key, { persistent, anonymous: false });
  state.key = state.cookieKey = started.key;
  state.loaded = { session: started.session, user, data: JSON.stringify(state.data) };
  return true;
}

/**
 * Django's logout(): flushes the session (the row with its data is deleted, so revocation is
 * immediate, and the cookie is cleared). A message added afterwards starts a new anonymous session.
 */
export async function logout(): Promise<void> {
  const { loaded } = await requestSession();
  await flushSession();
  if (loaded?.user) await authEvent("logout", { userId: loaded.user.id, username: loaded.user.username });
}
