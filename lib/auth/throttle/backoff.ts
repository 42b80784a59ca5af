import "server-only";
import { adapterQuery, db } from "../../db";
import { clientGroup } from "./client-group";
import { keyedHash } from "../secrets/keyed-hash";
import { throttleConfig } from "../config";

// The only module that touches auth_throttle, besides the daily pace (lib/auth/throttle/daily-pace.ts). Counters live in the database so that every app
// instance sees the same ones. An attempt is counted by one atomic upsert that computes the new
// count and block in SQL: requests racing for the same counter are serialised on its row (SQLite's
// single writer, PostgreSQL's row lock), so two of them cannot both take the last free attempt,
// and none has to retry.

/** Rules with growing waits (this module), and the daily pace on logins (lib/auth/throttle/daily-pace.ts). */
export type BackoffRule =
  "login:account" | "login:client" | "signup:client" | "session:client" | "email:account" | "email:client" | "mail:address" | "mail:client" | "link:client";
export type ThrottleRule = BackoffRule | "login:daily";

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfter: number };

const FREE: Record<BackoffRule, () => number> = {
  "login:account": () => throttleConfig.loginAccountFree,
  "login:client": () => throttleConfig.loginClientFree,
  "signup:client": () => throttleConfig.signupClientFree,
  "session:client": () => throttleConfig.sessionClientFree,
  "email:account": () => throttleConfig.emailAccountFree,
  "email:client": () => throttleConfig.emailClientFree,
  "mail:address": () => throttleConfig.mailAddressFree,
  "mail:client": () => throttleConfig.mailClientFree,
  "link:client": () => throttleConfig.linkClientFree,
};

/**
 * The row key: the rule and a keyed hash of its subject (lib/auth/secrets/keyed-hash.ts), so attempted
 * usernames, which may be passwords typed into the wrong field, are not stored or guessable.
 */
export function throttleKey(rule: ThrottleRule, subject: string): string {
  return `${rule}:${keyedHash("throttle", subject.normalize("NFKC").toLowerCase()).slice(0, 40)}`;
}

/** The row key of a per-client rule: an IPv6 client counts by its /64 (lib/auth/throttle/client-group.ts). */
export function clientThrottleKey(rule: ThrottleRule, address: string): string {
  return throttleKey(rule, clientGroup(address));
}

/**
 * Seconds the next attempt must wait after attempt number `attempts`: none before the rule's free
 * attempts are used up, then baseDelay, doubling with each further attempt up to maxDelay.
 */
export function delayAfter(rule: BackoffRule, attempts: number): number {
  const over = attempts - FREE[rule]();
  if (over < 0) return 0;
  return Math.min(throttleConfig.maxDelay, throttleConfig.baseDelay * 2 ** Math.min(over, 30));
}

/**
 * When the block after attempt number `attempts` ends, or 0 when no wait is due. Not `now`: with
 * the counters shared by instances whose clocks differ slightly (and requests racing), an attempt
 * stamped a little earlier would find itself blocked by a wait of zero seconds.
 */
function blockEnd(rule: BackoffRule, attempts: number, now: number): number {
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
 * The upsert behind `hit`, for this rule's current settings (whole numbers from lib/auth/config,
 * written into the text; the key and the clock are arguments). On an existing row: the count
 * starts over after the reset period, and the block is the longer of the one standing and the
 * one this attempt earns, as `delayAfter` says. With `enforce`, a row still blocked is left alone
 * and nothing is returned.
 */
function upsertSql(rule: BackoffRule, enforce: boolean): string {
  const free = FREE[rule]();
  const baseMs = throttleConfig.baseDelay * 1000;
  const maxMs = throttleConfig.maxDelay * 1000;
  let cap = 0; // the first doubling at or past maxDelay
  while (cap < 30 && baseMs * 2 ** cap < maxMs) cap++;
  const now = "CAST(? AS BIGINT)";
  const t = '"auth_throttle"';
  const stale = `(${now} - ${t}."last_attempt" > ${throttleConfig.resetAfter * 1000})`;
  const count = `(CASE WHEN ${stale} THEN 1 ELSE ${t}."attempts" + 1 END)`;
  const earned =
    `(CASE WHEN ${count} < ${free} THEN 0 WHEN ${count} - ${free} >= ${cap} THEN ${now} + ${maxMs}` +
    ` ELSE ${now} + (${baseMs} * (CAST(1 AS BIGINT) << (${count} - ${free}))) END)`;
  return `INSERT INTO ${t} ("throttle_key", "attempts", "last_attempt", "blocked_until")
    VALUES (?, 1, ${now}, CAST(? AS BIGINT))
    ON CONFLICT ("throttle_key") DO UPDATE SET
      "attempts" = ${count},
      "last_attempt" = ${now},
      "blocked_until" = CASE WHEN ${stale} OR ${earned} > ${t}."blocked_until" THEN ${earned} ELSE ${t}."blocked_until" END
    ${enforce ? `WHERE ${t}."blocked_until" <= ${now}` : ""}
    RETURNING "attempts"`;
}

/**
 * Counts one attempt against `key`. With `enforce`, an attempt made while the key is blocked is
 * refused and not counted; otherwise it is counted regardless (failures seen after the fact).
 */
export async function hit(rule: BackoffRule, key: string, { enforce, now = Date.now() }: { enforce: boolean; now?: number }): Promise<ThrottleDecision> {
  const sql = upsertSql(rule, enforce);
  const at = String(now);
  // The `?`s in order: the key, the new row's clock and block, then the clock in each place the
  // update reads it (stale and earned appear more than once).
  const uses = sql.match(/\?/g)!.length;
  const args = [key, at, String(blockEnd(rule, 1, now)), ...Array<string>(uses - 3).fill(at)];
  for (let tries = 0; tries < 3; tries++) {
    if ((await adapterQuery(sql, args)).length === 1) return { allowed: true };
    // Refused: the row is blocked. Read for how long (a block that ended in between: try again).
    const wait = await secondsBlocked([key], now);
    if (wait > 0) return { allowed: false, retryAfter: wait };
  }
  return { allowed: false, retryAfter: throttleConfig.baseDelay };
}

/** Takes back one counted attempt (one that turned out to be a success). */
export async function refundAttempt(key: string): Promise<void> {
  await db.throttle.updateMany({ where: { key, attempts: { gt: 0 } }, data: { attempts: { decrement: 1 } } });
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
