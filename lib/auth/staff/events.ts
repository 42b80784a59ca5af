import "server-only";
import { listAuthEvents as listEventPage, type AuthEventRow } from "../audit/trail";
import { accountFor } from "../account/users";
import { nameHash } from "../secrets/keyed-hash";

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
