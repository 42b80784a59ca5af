import "server-only";
import { createHash } from "node:crypto";
import { db } from "../db";
import { isUniqueViolation } from "./errors";
import { throttleConfig } from "./config";

// The only module that touches auth_throttle. Counters live in the database so that every app
// instance sees the same ones. Updates are compare-and-set on the attempt count: two requests
// racing for the same counter cannot both take the last free attempt, on SQLite or PostgreSQL,
// without a read-then-write transaction.

export type ThrottleRule = "login:account" | "login:client" | "signup:client" | "session:client";

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfter: number };

const FREE: Record<ThrottleRule, () => number> = {
  "login:account": () => throttleConfig.loginAccountFree,
  "login:client": () => throttleConfig.loginClientFree,
  "signup:client": () => throttleConfig.signupClientFree,
  "session:client": () => throttleConfig.sessionClientFree,
};

// Under a burst on PostgreSQL (truly parallel connections) many requests lose the
// compare-and-set at once; each retries after a short random pause, so they spread out.
const MAX_RACES = 64;

function pause(race: number): Promise<void> {
  return race === 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(race, 10) * 2));
}

/** The row key: the rule and a hash of its subject, so attempted usernames are not stored. */
export function throttleKey(rule: ThrottleRule, subject: string): string {
  const normalized = subject.normalize("NFKC").toLowerCase();
  return `${rule}:${createHash("sha256").update(normalized).digest("hex").slice(0, 40)}`;
}

/**
 * Seconds the next attempt must wait after attempt number `attempts`: none before the rule's free
 * attempts are used up, then baseDelay, doubling with each further attempt up to maxDelay.
 */
export function delayAfter(rule: ThrottleRule, attempts: number): number {
  const over = attempts - FREE[rule]();
  if (over < 0) return 0;
  return Math.min(throttleConfig.maxDelay, throttleConfig.baseDelay * 2 ** Math.min(over, 30));
}

/**
 * When the block after attempt number `attempts` ends, or 0 when no wait is due. Not `now`: with
 * the counters shared by instances whose clocks differ slightly (and requests racing), an attempt
 * stamped a little earlier would find itself blocked by a wait of zero seconds.
 */
function blockEnd(rule: ThrottleRule, attempts: number, now: number): number {
  const delay = delayAfter(rule, attempts);
  return delay > 0 ? now + delay * 1000 : 0;
}

/** Seconds left on the block of any of these keys, 0 when none is blocked. */
export async function secondsBlocked(keys: string[], now = Date.now()): Promise<number> {
  const rows = await db.throttle.findMany({ where: { key: { in: keys } }, select: { blockedUntil: true } });
  const until = Math.max(0, ...rows.map((row) => Number(row.blockedUntil)));
  return until > now ? Math.ceil((until - now) / 1000) : 0;
}

/**
 * Counts one attempt against `key`. With `enforce`, an attempt made while the key is blocked is
 * refused and not counted; otherwise it is counted regardless (failures seen after the fact).
 */
export async function hit(
  rule: ThrottleRule,
  key: string,
  { enforce, now = Date.now() }: { enforce: boolean; now?: number },
): Promise<ThrottleDecision> {
  for (let race = 0; race < MAX_RACES; race++) {
    await pause(race);
    const row = await db.throttle.findUnique({ where: { key } });
    if (!row) {
      try {
        await db.throttle.create({
          data: { key, attempts: 1, lastAttempt: BigInt(now), blockedUntil: BigInt(blockEnd(rule, 1, now)) },
        });
        return { allowed: true };
      } catch (error) {
        if (isUniqueViolation(error)) continue; // another request created it first
        throw error;
      }
    }
    const blockedUntil = Number(row.blockedUntil);
    if (enforce && blockedUntil > now) return { allowed: false, retryAfter: Math.ceil((blockedUntil - now) / 1000) };

    const stale = now - Number(row.lastAttempt) > throttleConfig.resetAfter * 1000;
    const attempts = stale ? 1 : row.attempts + 1;
    const { count } = await db.throttle.updateMany({
      where: { key, attempts: row.attempts, lastAttempt: row.lastAttempt },
      data: {
        attempts,
        lastAttempt: BigInt(now),
        blockedUntil: BigInt(Math.max(stale ? 0 : blockedUntil, blockEnd(rule, attempts, now))),
      },
    });
    if (count === 1) return { allowed: true };
  }
  // Still losing races after several tries: this key is under a burst, so make it wait.
  return { allowed: false, retryAfter: throttleConfig.baseDelay };
}

/** Forgets a key's attempts (a successful login clears its account's counter). */
export async function resetThrottle(key: string): Promise<void> {
  await db.throttle.deleteMany({ where: { key } });
}

/**
 * Removes counters nobody has touched for the reset period and whose blocks are over (they would
 * start over at their next use anyway). With `limit`, at most that many, in two short statements;
 * the delete repeats the test, so a counter hit in between is kept.
 */
export async function pruneThrottles(now = Date.now(), limit?: number): Promise<number> {
  const idle = {
    lastAttempt: { lt: BigInt(now - throttleConfig.resetAfter * 1000) },
    blockedUntil: { lt: BigInt(now) },
  };
  if (limit === undefined) return (await db.throttle.deleteMany({ where: idle })).count;
  const rows = await db.throttle.findMany({ where: idle, select: { key: true }, take: limit });
  if (rows.length === 0) return 0;
  const { count } = await db.throttle.deleteMany({ where: { key: { in: rows.map((row) => row.key) }, ...idle } });
  return count;
}
