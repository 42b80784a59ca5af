import "server-only";
import { db } from "../../db";

// The only module that touches auth_event, the audit trail lib/auth/audit/record.ts writes. Rows hold
// ids, names, the client's address and user agent and a short fixed detail: never a password,
// hash, cookie or session key (callers have none of those to give).

export type AuthEventRow = {
  id: number;
  createdAt: Date;
  event: string;
  userId: number | null;
  username: string | null;
  ipAddress: string | null;
  userAgent: string | null;
  detail: string | null;
  /** A keyed hash of a name that is no account (lib/auth/secrets/keyed-hash.ts); the name is not kept. */
  nameHash: string | null;
};

export type NewAuthEvent = Omit<AuthEventRow, "id" | "createdAt"> & { createdAt?: Date };

// Bounds on what one row can hold, whatever a client sent (a login's username is untrusted).
const LIMITS = { username: 150, ipAddress: 64, userAgent: 512, detail: 500 } as const;
const cut = (value: string | null, max: number) => (value === null ? null : value.replace(/\0/g, "").slice(0, max));

export async function insertAuthEvent(row: NewAuthEvent): Promise<void> {
  await db.authEvent.create({
    data: {
      event: row.event,
      userId: row.userId,
      username: cut(row.username, LIMITS.username),
      ipAddress: cut(row.ipAddress, LIMITS.ipAddress),
      userAgent: cut(row.userAgent, LIMITS.userAgent),
      detail: cut(row.detail, LIMITS.detail),
      nameHash: row.nameHash,
      ...(row.createdAt ? { createdAt: row.createdAt } : {}),
    },
  });
}

/** A user's latest events, newest first (the index on user_id, created_at serves it). */
export async function recentEventsOfUser(userId: number, limit: number): Promise<AuthEventRow[]> {
  return db.authEvent.findMany({ where: { userId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit });
}

/** `username` matches the name as recorded, `nameHash` a name that is no account, `userId` the account's events. */
export type EventFilter = { event?: string; username?: string; nameHash?: string; userId?: number; from?: Date; until?: Date };

function whereOf(filter: EventFilter) {
  const who = [
    ...(filter.username ? [{ username: filter.username }] : []),
    ...(filter.nameHash ? [{ nameHash: filter.nameHash }] : []),
    ...(filter.userId !== undefined ? [{ userId: filter.userId }] : []),
  ];
  return {
    ...(filter.event ? { event: filter.event } : {}),
    ...(who.length > 0 ? { OR: who } : {}),
    ...(filter.from || filter.until ? { createdAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.until ? { lt: filter.until } : {}) } } : {}),
  };
}

/** One page of every user's events, newest first, for the staff page. */
export async function listAuthEvents(filter: EventFilter, offset: number, limit: number): Promise<{ events: AuthEventRow[]; total: number }> {
  const where = whereOf(filter);
  const [events, total] = await Promise.all([
    db.authEvent.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: offset, take: limit }),
    db.authEvent.count({ where }),
  ]);
  return { events, total };
}

/** Deletes at most `batchSize` events older than `before`; says how many (lib/auth/cleanup.ts). */
export async function pruneAuthEvents(before: Date, batchSize: number): Promise<number> {
  const old = await db.authEvent.findMany({ where: { createdAt: { lt: before } }, select: { id: true }, orderBy: { id: "asc" }, take: batchSize });
  if (old.length === 0) return 0;
  const { count } = await db.authEvent.deleteMany({ where: { id: { in: old.map((row) => row.id) } } });
  return count;
}
