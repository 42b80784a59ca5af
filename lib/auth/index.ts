import "server-only";
import { forbidden, redirect } from "next/navigation";
import { requestSession, setSessionCookie, type SessionTrace } from "./current";
import { burnPasswordCheck, checkPassword, hashPassword } from "./password";
import { describeHash } from "./hash-formats";
import { log } from "../log";
import { isDatabaseUnavailable } from "./errors";
import { loginPath } from "./redirect";
import { requestInfo } from "./request";
import { authEvent } from "./events";
import { listAuthEvents as listEventPage, recentEventsOfUser, type AuthEventRow } from "./audit";
import { verifySecondFactor } from "./mfa";
import { passwordProblems } from "./password-policy";
import {
  createSession,
  cycleSessionKey,
  deleteOtherSessions,
  deleteUserSessionById,
  deleteUserSessions,
  listUserSessions,
  stampSession,
  type SessionSummary,
  type ValidatedSession,
} from "./session";
import { flushSession } from "./session-store";
import { acceptAccountGuess, admitAccountGuess, admitEmailChange, admitLoginAttempt, admitSignup, refundClientAttempt } from "./limits";
import { nameHash } from "./name-hash";
import {
  accountFor,
  bumpAuthVersion,
  createUser,
  deleteUser,
  findUserById,
  setEmail,
  findUserForLogin,
  recordLogin,
  setPassword,
  toPublicUser,
  updatePasswordHash,
  type CreateUserResult,
  type PublicUser,
} from "./user";
import type { SignupInput } from "./validation";

// What pages, server actions and API routes call. Nothing outside lib/auth touches the auth
// tables, the password hasher or the session cookie.

export type { PublicUser } from "./user";
export type { SessionSummary, ValidatedSession } from "./session";
export type { SessionTrace } from "./current";
export { getSession, SessionDataTooLargeError, SessionThrottledError, type SessionData, type SessionStore } from "./session-store";
export { addMessage, takeMessages, type FlashMessage, type MessageLevel } from "./messages";

export type Throttled = { ok: false; reason: "throttled"; retryAfter: number };

/**
 * Creates a user; like Django's signup it does not log them in. Each client address gets a
 * number of free signups, then has to wait longer and longer. An email address that belongs to
 * another account is left out, and the answer does not say so (a signup form must not tell
 * anyone which addresses have accounts).
 */
export async function signup(input: SignupInput): Promise<CreateUserResult | Throttled> {
  const { ipAddress } = await requestInfo();
  const admission = await admitSignup(ipAddress);
  if (!admission.ok) return { ok: false, reason: "throttled", retryAfter: admission.retryAfter };
  const result = await createUser(input.username, input.password, input.email);
  if (result.ok) await authEvent("signup", { userId: result.user.id, username: result.user.username });
  return result;
}

export type LoginAttempt =
  | { ok: true; user: PublicUser }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "second_factor"; user: PublicUser }
  | Throttled;

/**
 * `authenticate` behind the throttle (lib/auth/limits.ts), and the second factor when the user
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
  if (!user || (secondFactor && !(await verifySecondFactor(user.id, code!)))) {
    const who = user ? { userId: user.id, username: user.username } : await whoTried(username);
    await authEvent("login_failed", { ...who, detail: user ? "second factor" : "credentials" });
    return { ok: false, reason: "invalid" };
  }
  await acceptAccountGuess(username);
  return { ok: true, user };
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
export async function login(user: PublicUser, options: { remember?: boolean } = {}): Promise<void> {
  const now = new Date();
  // last_login first: once the session exists and the cookie is set, nothing may fail the
  // request, or a client told "unavailable" would hold a working session.
  await recordLogin(user.id, now);
  await startSession(user, options.remember ?? false, { now });
  await authEvent("login", { userId: user.id, username: user.username, detail: options.remember ? "remember me" : undefined });
}

/**
 * `user.authVersion` is the one read with the credentials just checked: the session is bound to
 * it. With `rotating`, the browser's session must still exist (it is re-keyed after a change the
 * user made): if it was ended meanwhile, the browser is logged out rather than given a new one.
 */
async function startSession(user: PublicUser, persistent: boolean, { now = new Date(), rotating = false } = {}): Promise<boolean> {
  const state = await requestSession();
  const options = { persistent, now, authVersion: user.authVersion, ...(await requestInfo()) };
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

/** A change the user asked for found their session ended (or their credentials changed) since it was checked. */
export type SessionEnded = { ok: false; reason: "session_ended" };
const SESSION_ENDED: SessionEnded = { ok: false, reason: "session_ended" };

/**
 * Asks a logged-in user for their password again before a sensitive change. Throttled like a
 * login: a wrong password counts against the account, a right one clears the count.
 */
export async function reauthenticate(user: PublicUser, password: string): Promise<{ ok: true } | { ok: false; reason: "wrong_password" } | Throttled> {
  const admission = await admitAccountGuess(user.username);
  if (!admission.ok) return { ok: false, reason: "throttled", retryAfter: admission.retryAfter };
  if (!(await authenticate(user.username, password))) return { ok: false, reason: "wrong_password" };
  await acceptAccountGuess(user.username);
  return { ok: true };
}

/**
 * After a change to how a user authenticates: every other session of the user ends (and any
 * login halfway through, by a new auth_version: `authVersion` when the change already raised it)
 * and this browser continues under a fresh key, keeping its data (Django's
 * update_session_auth_hash, stricter). The version is raised only if it is still the one this
 * browser's session was loaded with; otherwise (ended meanwhile) the browser is logged out.
 */
export async function rotateSessions(user: PublicUser, persistent: boolean, authVersion?: number): Promise<SessionEnded | { ok: true }> {
  const version = authVersion ?? (await bumpAuthVersion(user.id, user.authVersion));
  if (version === null) {
    await flushSession();
    return SESSION_ENDED;
  }
  const state = await requestSession();
  if (state.key) await deleteOtherSessions(user.id, state.key);
  else await deleteUserSessions(user.id);
  return (await startSession({ ...user, authVersion: version }, persistent, { rotating: true })) ? { ok: true } : SESSION_ENDED;
}

export type PasswordChange =
  | { ok: true }
  | { ok: false; reason: "wrong_password" }
  | { ok: false; reason: "weak_password"; problems: string[] }
  | SessionEnded
  | Throttled;

/**
 * Password change: the current password again, the policy for the new one, then rotateSessions.
 * The new hash is written only while the session that asked is still valid (its auth_version
 * unchanged): a change that checked the old password cannot undo a change, or outlive a "log out
 * everywhere", that finished while it was hashing.
 */
export async function changePassword(currentPassword: string, newPassword: string): Promise<PasswordChange> {
  const current = await getCurrentSession();
  if (!current) throw new Error("changePassword needs a logged-in user");
  const { user, session } = current;
  const check = await reauthenticate(user, currentPassword);
  if (!check.ok) return check;
  const problems = passwordProblems(newPassword, user.username);
  if (problems.length > 0) return { ok: false, reason: "weak_password", problems };
  const version = await setPassword(user.id, await hashPassword(newPassword), user.authVersion);
  if (version === null) {
    await flushSession();
    return SESSION_ENDED;
  }
  await authEvent("password_changed", { userId: user.id, username: user.username });
  return rotateSessions(user, session.persistent, version);
}

export type EmailChange = { ok: true } | { ok: false; reason: "wrong_password" } | SessionEnded | Throttled;

/**
 * Sets or clears the logged-in user's email, after the password is given again. Throttled per
 * account and per client even with the right password, and an address another account has is
 * answered like a free one (it is not applied): the form is no oracle for who has an account.
 */
export async function changeMyEmail(password: string, email: string | null): Promise<EmailChange> {
  const current = await getCurrentSession();
  if (!current) throw new Error("changeMyEmail needs a logged-in user");
  const { user } = current;
  const admission = await admitEmailChange(user.username, (await requestInfo()).ipAddress);
  if (!admission.ok) return { ok: false, reason: "throttled", retryAfter: admission.retryAfter };
  const check = await reauthenticate(user, password);
  if (!check.ok) return check;
  const saved = await setEmail(user.id, email, user.authVersion);
  if (saved === "stale") {
    await flushSession();
    return SESSION_ENDED;
  }
  // Recorded either way (the user's activity list shows the event, never its detail).
  await authEvent("email_changed", { userId: user.id, username: user.username, detail: saved === "taken" ? "not applied: another account has the address" : undefined });
  return { ok: true };
}

export type AccountDeletion = { ok: true } | { ok: false; reason: "wrong_password" } | SessionEnded | Throttled;

/**
 * Deletes the logged-in user's account after the password is given again: the user row, and with
 * it (foreign keys cascade) every session and recovery code. The cookie is cleared.
 */
export async function deleteMyAccount(password: string): Promise<AccountDeletion> {
  const current = await getCurrentSession();
  if (!current) throw new Error("deleteMyAccount needs a logged-in user");
  const check = await reauthenticate(current.user, password);
  if (!check.ok) return check;
  const deleted = await deleteUser(current.user.id, current.user.authVersion);
  await flushSession();
  if (!deleted) return SESSION_ENDED;
  await authEvent("account_deleted", { userId: current.user.id, username: current.user.username });
  return { ok: true };
}

export { endUserSessions, manageUser, setUserActive, type ManageIntent, type UserManagement } from "./staff";
export { findUserById };

/** The logged-in user's latest auth events (their /profile's "Recent activity"). */
export async function myRecentEvents(limit = 10): Promise<AuthEventRow[]> {
  const current = await getCurrentSession();
  return current ? recentEventsOfUser(current.user.id, limit) : [];
}

export type EventQuery = { event?: string; username?: string; from?: Date; until?: Date };

/**
 * For staff: a page of everyone's auth events, newest first. A username filter matches that
 * account's events, events recorded under the name, and tries of it as a name that is no account
 * (by its keyed hash).
 */
export async function listAuthEvents(query: EventQuery, page: number, pageSize: number): Promise<{ events: AuthEventRow[]; total: number }> {
  // No recorded name holds a NUL (events.ts drops them), and PostgreSQL would refuse the query.
  if (query.username?.includes("\0")) return { events: [], total: 0 };
  const account = query.username ? await accountFor(query.username) : null;
  const byName = query.username ? { nameHash: nameHash(query.username) } : {};
  return listEventPage({ ...query, ...byName, ...(account ? { userId: account.id } : {}) }, (page - 1) * pageSize, pageSize);
}

export type { AuthEventRow } from "./audit";
export { AUTH_EVENTS, type AuthEvent } from "./events";

export { listUsers, type ListedUser, type UserListing } from "./staff";

/**
 * Django's logout(): flushes the session (the row with its data is deleted, so revocation is
 * immediate, and the cookie is cleared). A message added afterwards starts a new anonymous session.
 */
export async function logout(): Promise<void> {
  const current = await getCurrentSession();
  await flushSession();
  if (current) await authEvent("logout", { userId: current.user.id, username: current.user.username });
}

export type CurrentSession = ValidatedSession & { key: string; trace: SessionTrace };

/** The session and user of this request, checked against the database; memoised per request. */
export async function getCurrentSession(): Promise<CurrentSession | null> {
  const { key, loaded, trace } = await requestSession();
  return key && loaded?.user ? { session: loaded.session, user: loaded.user, key, trace } : null;
}

/** The trace of this request's session lookup (also when it found nobody). */
export async function currentSessionTrace(): Promise<SessionTrace> {
  return (await requestSession()).trace;
}

/** The logged-in user's live sessions, this browser's marked. */
export async function mySessions(): Promise<SessionSummary[]> {
  const current = await getCurrentSession();
  return current ? listUserSessions(current.user.id, current.key) : [];
}

export type SessionEnding = { ok: true; ended: number } | { ok: false; reason: "wrong_password" } | SessionEnded | Throttled;

/**
 * Ends one other session of the logged-in user (`id` from mySessions) or, with "others", all but
 * this one. The password is asked again first (ASVS 7.5.2). Takes effect on that device's next
 * request, since every request is checked against the database.
 */
export async function endMySessions(password: string, id: string | "others"): Promise<SessionEnding> {
  const current = await getCurrentSession();
  if (!current) throw new Error("endMySessions needs a logged-in user");
  const check = await reauthenticate(current.user, password);
  if (!check.ok) return check;
  let ended: number;
  if (id === "others") {
    // Logging out everywhere else also ends any login halfway through (a new auth_version),
    // and this browser's session is bound to the new one.
    const version = await bumpAuthVersion(current.user.id, current.user.authVersion);
    if (version === null || !(await stampSession(current.key, current.user.id, version))) {
      await flushSession();
      return SESSION_ENDED;
    }
    ended = await deleteOtherSessions(current.user.id, current.key);
  } else {
    ended = await deleteUserSessionById(current.user.id, id);
  }
  await authEvent("sessions_ended", { userId: current.user.id, username: current.user.username, detail: `${ended} by the user` });
  return { ok: true, ended };
}

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

/**
 * For staff pages and their actions (Django's is_staff): anonymous visitors go to the login page,
 * logged-in users without staff status get the 403 page (`forbidden()`, app/forbidden.tsx).
 * Actions call it themselves: a page that showed a button proves nothing about the POST.
 */
export async function requireStaff(returnTo?: string): Promise<PublicUser> {
  const user = await requireUser(returnTo);
  if (!user.isStaff) forbidden();
  return user;
}
