import "server-only";
import { forbidden, redirect } from "next/navigation";
import type { PublicUser } from "./account/users";
import { isTemporarilyUnavailable } from "./errors";
import { authConfig } from "./config";
import { confirmPath, loginPath } from "./redirect";
import type { ValidatedSession } from "./session/records";
import { requestSession, type SessionTrace } from "./session/request-session";

// Who is asking, for pages, actions and routes: the session and user of this request (checked
// against the database, once per request), and the access checks built on it.

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

export async function getCurrentUser(): Promise<PublicUser | null> {
  return (await getCurrentSession())?.user ?? null;
}

/** For pages: the current user; when the database does not answer, the 503 page instead. */
export async function getPageUser(): Promise<PublicUser | null> {
  try {
    return await getCurrentUser();
  } catch (error) {
    if (isTemporarilyUnavailable(error)) redirect("/unavailable");
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

/**
 * For the pages of sensitive changes: the logged-in user, when the session proved who they are
 * within STEP_UP_WINDOW; otherwise to /profile/confirm, back to `returnTo` after. (The actions
 * check again: a page that showed a form proves nothing about the POST.)
 */
export async function requireRecentAuth(returnTo: string): Promise<CurrentSession> {
  const user = await requireUser(returnTo);
  const current = await getCurrentSession();
  if (!current || current.user.id !== user.id) redirect(loginPath(returnTo));
  const verifiedAt = current.session.verifiedAt?.getTime() ?? 0;
  if (Date.now() - verifiedAt >= authConfig.stepUpWindow * 1000) redirect(confirmPath(returnTo));
  return current;
}
