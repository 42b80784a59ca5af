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
  countLiveSessions,
  createSession,
  cycleSessionKey,
  deleteOtherSessions,
  deleteUserSessionById,
  deleteUserSessions,
  listUserSessions,
  type SessionSummary,
  type ValidatedSession,
} from "./session";
import { flushSession } from "./session-store";
import { hit, resetThrottle, secondsBlocked, throttleKey } from "./throttle";
import {
  accountIdFor,
  createUser,
  deleteUser,
  findUserById,
  setEmail,
  findUserForLogin,
  listUsers as listUserPage,
  recordLogin,
  setActive,
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
 * number of free signups, then has to wait longer and longer.
 */
export async function signup(input: SignupInput): Promise<CreateUserResult | Throttled> {
  const { ipAddress } = await requestInfo();
  if (ipAddress) {
    const decision = await hit("signup:client", throttleKey("signup:client", ipAddress), { enforce: true });
    if (!decision.allowed) return { ok: false, reason: "throttled", retryAfter: decision.retryAfter };
  }
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
 * `authenticate` behind the throttle, and the second factor when the user has one (`code`: a TOTP
 * or recovery code; without it the answer is "second_factor"). Every attempt counts against the account (before the
 * password is checked, so a burst of parallel guesses cannot slip past the count) and every failure
 * against the client address. While either is blocked the attempt is refused without checking the
 * password, so the answer says nothing about it. Unknown usernames are counted like real ones.
 */
export async function attemptLogin(username: string, password: string, code?: string): Promise<LoginAttempt> {
  const { ipAddress } = await requestInfo();
  const accountKey = throttleKey("login:account", username);
  // Without a known address (served without scripts/server.mjs) there is no per-client rule: one
  // shared "unknown" counter would let a single attacker slow everyone down.
  const clientKey = ipAddress ? throttleKey("login:client", ipAddress) : null;
  const clientWait = clientKey ? await secondsBlocked([clientKey]) : 0;
  const decision = clientWait > 0 ? null : await hit("login:account", accountKey, { enforce: true });
  if (!decision || !decision.allowed) {
    const retryAfter = decision && !decision.allowed ? decision.retryAfter : clientWait;
    await authEvent("login_throttled", { userId: await accountIdFor(username), username, detail: decision ? "account" : "client" });
    return { ok: false, reason: "throttled", retryAfter };
  }

  const checked = await checkCredentials(username, password);
  const user = checked?.user ?? null;
  const secondFactor = checked?.secondFactor ?? false;
  // With a second factor, the right password alone proves nothing yet: the account's count stands.
  if (user && secondFactor && !code) {
    await authEvent("second_factor_required", { userId: user.id, username: user.username });
    return { ok: false, reason: "second_factor", user };
  }
  if (!user || (secondFactor && !(await verifySecondFactor(user.id, code!)))) {
    await authEvent("login_failed", { userId: user?.id ?? (await accountIdFor(username)), username, detail: user ? "second factor" : "credentials" });
    if (clientKey) await hit("login:client", clientKey, { enforce: false });
    return { ok: false, reason: "invalid" };
  }
  await resetThrottle(accountKey);
  return { ok: true, user };
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
    await updatePasswordHash(row.id, await hashPassword(password));
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
  await startSession(user, options.remember ?? false, now);
  await authEvent("login", { userId: user.id, username: user.username, detail: options.remember ? "remember me" : undefined });
}

async function startSession(user: PublicUser, persistent: boolean, now = new Date()): Promise<void> {
  const state = await requestSession();
  const options = { persistent, now, ...(await requestInfo()) };
  const otherUser = state.loaded?.user != null && state.loaded.user.id !== user.id;
  let started = state.key ? await cycleSessionKey(state.key, user.id, { ...options, flushData: otherUser }) : null;
  if (otherUser) state.data = {};
  if (!started) {
    started = await createSession(user.id, { ...options, data: JSON.stringify(state.data) });
  }
  await setSessionCookie(started.key, { persistent, anonymous: false });
  state.key = state.cookieKey = started.key;
  state.loaded = { session: started.session, user, data: JSON.stringify(state.data) };
}

/**
 * Asks a logged-in user for their password again before a sensitive change. Throttled like a
 * login: a wrong password counts against the account, a right one clears the count.
 */
export async function reauthenticate(user: PublicUser, password: string): Promise<{ ok: true } | { ok: false; reason: "wrong_password" } | Throttled> {
  const accountKey = throttleKey("login:account", user.username);
  const decision = await hit("login:account", accountKey, { enforce: true });
  if (!decision.allowed) return { ok: false, reason: "throttled", retryAfter: decision.retryAfter };
  if (!(await authenticate(user.username, password))) return { ok: false, reason: "wrong_password" };
  await resetThrottle(accountKey);
  return { ok: true };
}

/**
 * After a change to how a user authenticates: every other session of the user ends and this
 * browser continues under a fresh key, keeping its data (Django's update_session_auth_hash,
 * stricter).
 */
export async function rotateSessions(user: PublicUser, persistent: boolean): Promise<void> {
  const state = await requestSession();
  if (state.key) await deleteOtherSessions(user.id, state.key);
  else await deleteUserSessions(user.id);
  await startSession(user, persistent);
}

export type PasswordChange =
  | { ok: true }
  | { ok: false; reason: "wrong_password" }
  | { ok: false; reason: "weak_password"; problems: string[] }
  | Throttled;

/** Password change: the current password again, the policy for the new one, then rotateSessions. */
export async function changePassword(currentPassword: string, newPassword: string): Promise<PasswordChange> {
  const current = await getCurrentSession();
  if (!current) throw new Error("changePassword needs a logged-in user");
  const { user, session } = current;
  const check = await reauthenticate(user, currentPassword);
  if (!check.ok) return check;
  const problems = passwordProblems(newPassword, user.username);
  if (problems.length > 0) return { ok: false, reason: "weak_password", problems };
  await updatePasswordHash(user.id, await hashPassword(newPassword));
  await rotateSessions(user, session.persistent);
  await authEvent("password_changed", { userId: user.id, username: user.username });
  return { ok: true };
}

export type EmailChange = { ok: true } | { ok: false; reason: "wrong_password" | "email_taken" } | Throttled;

/** Sets or clears the logged-in user's email, after the password is given again. */
export async function changeMyEmail(password: string, email: string | null): Promise<EmailChange> {
  const current = await getCurrentSession();
  if (!current) throw new Error("changeMyEmail needs a logged-in user");
  const check = await reauthenticate(current.user, password);
  if (!check.ok) return check;
  if (!(await setEmail(current.user.id, email))) return { ok: false, reason: "email_taken" };
  await authEvent("email_changed", { userId: current.user.id, username: current.user.username });
  return { ok: true };
}

export type AccountDeletion = { ok: true } | { ok: false; reason: "wrong_password" } | Throttled;

/**
 * Deletes the logged-in user's account after the password is given again: the user row, and with
 * it (foreign keys cascade) every session and recovery code. The cookie is cleared.
 */
export async function deleteMyAccount(password: string): Promise<AccountDeletion> {
  const current = await getCurrentSession();
  if (!current) throw new Error("deleteMyAccount needs a logged-in user");
  const check = await reauthenticate(current.user, password);
  if (!check.ok) return check;
  await deleteUser(current.user.id);
  await authEvent("account_deleted", { userId: current.user.id, username: current.user.username });
  await flushSession();
  return { ok: true };
}

/**
 * Deactivates or reactivates an account (Django's is_active). Deactivation ends every session of
 * the user at once; validateSessionKey would refuse them anyway, this also removes the rows.
 */
export async function setUserActive(userId: number, active: boolean, by?: PublicUser): Promise<PublicUser | null> {
  const user = await setActive(userId, active);
  if (user && !active) await deleteUserSessions(userId);
  if (user) {
    await authEvent(active ? "account_reactivated" : "account_deactivated", { userId, username: user.username, detail: byStaff(by) });
  }
  return user;
}

/** Who did it, for the log line of an action a staff member took on someone else's account. */
function byStaff(staff: PublicUser | undefined): string | undefined {
  return staff ? `by staff user ${staff.id} (${staff.username})` : undefined;
}

export { findUserById };

/** Ends every session of a user, wherever they are logged in; says how many there were. */
export async function endUserSessions(userId: number, by?: PublicUser): Promise<number> {
  const ended = await deleteUserSessions(userId);
  const detail = [`${ended} ended`, byStaff(by)].filter(Boolean).join(" ");
  const username = (await findUserById(userId))?.username;
  await authEvent("sessions_ended", { userId, username, detail });
  return ended;
}

/** The logged-in user's latest auth events (their /profile's "Recent activity"). */
export async function myRecentEvents(limit = 10): Promise<AuthEventRow[]> {
  const current = await getCurrentSession();
  return current ? recentEventsOfUser(current.user.id, limit) : [];
}

export type EventQuery = { event?: string; username?: string; from?: Date; until?: Date };

/**
 * For staff: a page of everyone's auth events, newest first. A username filter matches that
 * account's events and every event recorded under the name (failed logins as typed).
 */
export async function listAuthEvents(query: EventQuery, page: number, pageSize: number): Promise<{ events: AuthEventRow[]; total: number }> {
  // No recorded name holds a NUL (events.ts drops them), and PostgreSQL would refuse the query.
  if (query.username?.includes("\0")) return { events: [], total: 0 };
  const account = query.username ? await accountIdFor(query.username) : null;
  return listEventPage({ ...query, ...(account !== null ? { userId: account } : {}) }, (page - 1) * pageSize, pageSize);
}

export type { AuthEventRow } from "./audit";
export { AUTH_EVENTS, type AuthEvent } from "./events";

export type ListedUser = PublicUser & { liveSessions: number };
export type UserListing = { users: ListedUser[]; total: number };

/** A page of users (by username, optionally matching `search`) with their live session counts. */
export async function listUsers(search: string, page: number, pageSize: number): Promise<UserListing> {
  const { users, total } = await listUserPage({ search, offset: (page - 1) * pageSize, limit: pageSize });
  const sessions = await countLiveSessions(users.map((user) => user.id));
  return { users: users.map((user) => ({ ...user, liveSessions: sessions.get(user.id) ?? 0 })), total };
}

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

export type SessionEnding = { ok: true; ended: number } | { ok: false; reason: "wrong_password" } | Throttled;

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
  const ended =
    id === "others"
      ? await deleteOtherSessions(current.user.id, current.key)
      : await deleteUserSessionById(current.user.id, id);
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
