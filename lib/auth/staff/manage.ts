import "server-only";
import { STEP_UP_NEEDED, type StepUpNeeded } from "../account/outcomes";
import { verifiedRecently } from "../account/step-up";
import { authEvent } from "../audit/record";
import { getCurrentSession } from "../guards";
import { countLiveSessions } from "../session/user-sessions";
import { endAllSessions, findUserById, listUsers as listUserPage, setActive, type PublicUser } from "../account/users";

// What staff may do to other accounts (Django's is_staff and is_superuser). Staff manage ordinary
// users; only a superuser may deactivate, reactivate or end the sessions of another staff member
// or a superuser, so one stolen staff account cannot lock the other administrators out.

export type ManageIntent = "deactivate" | "reactivate" | "end_sessions";

export type UserManagement = { ok: true; user: PublicUser; ended?: number } | { ok: false; reason: "not_found" | "self" | "forbidden" } | StepUpNeeded;

/** Whether `actor` (staff) may act on `target`'s account. */
export function mayManage(actor: PublicUser, target: Pick<PublicUser, "isStaff" | "isSuperuser">): boolean {
  return actor.isSuperuser || (!target.isStaff && !target.isSuperuser);
}

/**
 * One staff action on one account, with the rights checked here whatever the page showed (the
 * caller has checked that `actor` is staff: requireStaff), behind the staff member's own step-up.
 */
export async function manageUser(actor: PublicUser, targetId: number, intent: ManageIntent): Promise<UserManagement> {
  const current = await getCurrentSession();
  if (current?.user.id !== actor.id || !verifiedRecently(current.session)) return STEP_UP_NEEDED;
  if (intent === "deactivate" && targetId === actor.id) return { ok: false, reason: "self" };
  const target = await findUserById(targetId);
  if (!target) return { ok: false, reason: "not_found" };
  if (target.id !== actor.id && !mayManage(actor, target)) return { ok: false, reason: "forbidden" };
  if (intent === "end_sessions") return { ok: true, user: target, ended: await endUserSessions(target.id, actor) };
  const user = await setUserActive(target.id, intent === "reactivate", actor);
  return user ? { ok: true, user } : { ok: false, reason: "not_found" };
}

/**
 * Deactivates or reactivates an account (Django's is_active). Deactivation ends every session of
 * the user at once (and any login halfway through).
 */
export async function setUserActive(userId: number, active: boolean, by?: PublicUser): Promise<PublicUser | null> {
  const user = await setActive(userId, active);
  if (user) {
    await authEvent(active ? "account_reactivated" : "account_deactivated", { userId, username: user.username, detail: byStaff(by) });
  }
  return user;
}

/** Ends every session of a user, wherever they are logged in; says how many there were. */
export async function endUserSessions(userId: number, by?: PublicUser): Promise<number> {
  const ended = await endAllSessions(userId);
  const detail = [`${ended} ended`, byStaff(by)].filter(Boolean).join(" ");
  const username = (await findUserById(userId))?.username;
  await authEvent("sessions_ended", { userId, username, detail });
  return ended;
}

/** Who did it, for the log line of an action a staff member took on someone else's account. */
function byStaff(staff: PublicUser | undefined): string | undefined {
  return staff ? `by staff user ${staff.id} (${staff.username})` : undefined;
}

export type ListedUser = PublicUser & { liveSessions: number; manageable: boolean };
export type UserListing = { users: ListedUser[]; total: number };

/**
 * A page of users (by username, optionally matching `search`) with their live session counts,
 * and whether `viewer` may act on each.
 */
export async function listUsers(search: string, page: number, pageSize: number, viewer?: PublicUser): Promise<UserListing> {
  const { users, total } = await listUserPage({ search, offset: (page - 1) * pageSize, limit: pageSize });
  const sessions = await countLiveSessions(users.map((user) => user.id));
  return {
    users: users.map((user) => ({
      ...user,
      liveSessions: sessions.get(user.id) ?? 0,
      manageable: viewer ? user.id === viewer.id || mayManage(viewer, user) : false,
    })),
    total,
  };
}
