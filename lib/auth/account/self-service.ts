import "server-only";
import { authEvent } from "../audit/record";
import { recentEventsOfUser, type AuthEventRow } from "../audit/trail";
import { getCurrentSession } from "../guards";
import { hashPassword } from "../password/hash";
import { passwordProblems } from "../password/policy";
import { flushSession } from "../session/data";
import { stampSession } from "../session/records";
import { deleteOtherSessions, deleteUserSessionById, deleteUserSessions, listUserSessions, type SessionSummary } from "../session/user-sessions";
import { requestSession } from "../session/request-session";
import { startSession } from "./login";
import { SESSION_ENDED, type SessionEnded, type StepUpNeeded, type Throttled } from "./outcomes";
import { requireStepUp, stepUpOpen } from "./step-up";
import { bumpAuthVersion, deleteUser, setPassword, type PublicUser } from "./users";

// What a logged-in user does to their own account: each change needs a recent proof of identity
// (./step-up.ts), and commits only while the session that asked is still valid.

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
  { ok: true } | { ok: false; reason: "wrong_password" } | StepUpNeeded | { ok: false; reason: "weak_password"; problems: string[] } | SessionEnded | Throttled;

/**
 * Password change: a step-up (`currentPassword`, as the JSON API sends it, or a recent one), the
 * policy for the new one, then rotateSessions.
 * The new hash is written only while the session that asked is still valid (its auth_version
 * unchanged): a change that checked the old password cannot undo a change, or outlive a "log out
 * everywhere", that finished while it was hashing.
 */
export async function changePassword(newPassword: string, currentPassword?: string): Promise<PasswordChange> {
  const current = await getCurrentSession();
  if (!current) throw new Error("changePassword needs a logged-in user");
  const { user, session } = current;
  const check = await requireStepUp(current, currentPassword);
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

export type AccountDeletion = { ok: true } | StepUpNeeded | SessionEnded;

/**
 * Deletes the logged-in user's account, behind a step-up: the user row, and with it (foreign keys
 * cascade) every session, recovery code and passkey. The cookie is cleared.
 */
export async function deleteMyAccount(): Promise<AccountDeletion> {
  const current = await getCurrentSession();
  if (!current) throw new Error("deleteMyAccount needs a logged-in user");
  const check = stepUpOpen(current);
  if (!check.ok) return check;
  const deleted = await deleteUser(current.user.id, current.user.authVersion);
  await flushSession();
  if (!deleted) return SESSION_ENDED;
  await authEvent("account_deleted", { userId: current.user.id, username: current.user.username });
  return { ok: true };
}

/** The logged-in user's latest auth events (their /profile's "Recent activity"). */
export async function myRecentEvents(limit = 10): Promise<AuthEventRow[]> {
  const current = await getCurrentSession();
  return current ? recentEventsOfUser(current.user.id, limit) : [];
}

/** The logged-in user's live sessions, this browser's marked. */
export async function mySessions(): Promise<SessionSummary[]> {
  const current = await getCurrentSession();
  return current ? listUserSessions(current.user.id, current.key) : [];
}

export type SessionEnding = { ok: true; ended: number } | StepUpNeeded | SessionEnded;

/**
 * Ends one other session of the logged-in user (`id` from mySessions) or, with "others", all but
 * this one, behind a step-up (ASVS 7.5.2). Takes effect on that device's next request, since
 * every request is checked against the database.
 */
export async function endMySessions(id: string | "others"): Promise<SessionEnding> {
  const current = await getCurrentSession();
  if (!current) throw new Error("endMySessions needs a logged-in user");
  const check = stepUpOpen(current);
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
