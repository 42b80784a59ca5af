import "server-only";
import { createHash } from "node:crypto";
import { db } from "../../db";
import { hashSessionKey } from "./records";

// A user's sessions as a list (the sessions page, the staff page's counts) and the ways they end.

/** What a user may see of one of their sessions: never the key, only a short id derived from its hash. */
export type SessionSummary = {
  id: string;
  createdAt: Date;
  lastSeen: Date;
  expiresAt: Date;
  persistent: boolean;
  ipAddress: string | null;
  userAgent: string | null;
  current: boolean;
};

const SUMMARY_ID_LENGTH = 16;

/** A session's id on the sessions page: stable, but derived so it shows nothing of the stored hash. */
function summaryId(keyHash: string): string {
  return createHash("sha256").update(`session-summary:${keyHash}`).digest("hex").slice(0, SUMMARY_ID_LENGTH);
}

/** The user's live sessions, most recently used first; `currentKey` marks this browser's. */
export async function listUserSessions(userId: number, currentKey: string | null, now = new Date()): Promise<SessionSummary[]> {
  const currentHash = currentKey ? hashSessionKey(currentKey) : null;
  const rows = await db.session.findMany({
    where: { userId, expiresAt: { gt: now }, absoluteExpiresAt: { gt: now } },
    orderBy: { lastSeen: "desc" },
  });
  return rows.map((row) => ({
    id: summaryId(row.keyHash),
    createdAt: row.createdAt,
    lastSeen: row.lastSeen,
    expiresAt: row.expiresAt,
    persistent: row.persistent,
    ipAddress: row.ipAddress,
    userAgent: row.userAgent,
    current: row.keyHash === currentHash,
  }));
}

/** Ends one of the user's own sessions by its summary id; another user's id matches nothing. */
export async function deleteUserSessionById(userId: number, id: string): Promise<number> {
  if (!/^[0-9a-f]{16}$/.test(id)) return 0;
  // A user has a handful of sessions: find the one by its derived id, then delete it by its hash.
  const rows = await db.session.findMany({ where: { userId }, select: { keyHash: true } });
  const match = rows.find((row) => summaryId(row.keyHash) === id);
  if (!match) return 0;
  const { count } = await db.session.deleteMany({ where: { userId, keyHash: match.keyHash } });
  return count;
}

/** Ends every session of the user except this browser's. */
export async function deleteOtherSessions(userId: number, currentKey: string): Promise<number> {
  const { count } = await db.session.deleteMany({ where: { userId, keyHash: { not: hashSessionKey(currentKey) } } });
  return count;
}

export async function deleteUserSessions(userId: number): Promise<number> {
  const { count } = await db.session.deleteMany({ where: { userId } });
  return count;
}

/** Sessions that still work, per user (users without any are left out). */
export async function countLiveSessions(userIds: number[], now = new Date()): Promise<Map<number, number>> {
  if (userIds.length === 0) return new Map();
  const groups = await db.session.groupBy({
    by: ["userId"],
    where: { userId: { in: userIds }, ...live(now) },
    _count: { _all: true },
  });
  return new Map(groups.flatMap((group) => (group.userId === null ? [] : [[group.userId, group._count._all] as const])));
}

/**
 * Deletes up to `limit` sessions past either limit, and says how many. Two short statements rather
 * than one unbounded DELETE, so a large backlog never holds the database's write lock for long;
 * the delete repeats the expiry test, and an expired session can never be revived meanwhile.
 */
export async function deleteExpiredSessions(limit: number, now = new Date()): Promise<number> {
  const rows = await db.session.findMany({ where: expired(now), select: { keyHash: true }, take: limit });
  if (rows.length === 0) return 0;
  const { count } = await db.session.deleteMany({
    where: { keyHash: { in: rows.map((row) => row.keyHash) }, ...expired(now) },
  });
  return count;
}

function live(now: Date) {
  return { expiresAt: { gt: now }, absoluteExpiresAt: { gt: now } };
}

function expired(now: Date) {
  return { OR: [{ expiresAt: { lte: now } }, { absoluteExpiresAt: { lte: now } }] };
}
