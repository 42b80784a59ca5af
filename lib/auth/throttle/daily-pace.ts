import "server-only";
import { adapterQuery, db } from "../../db";
import { throttleConfig } from "../config";

// The daily bound on an account's guesses, beside the growing waits of lib/auth/throttle/backoff.ts (whose
// counter starts over after an hour of quiet, so on its own it lets about 270 guesses a day
// through). A generic cell rate algorithm: each guess moves the row's "theoretical arrival time"
// (auth_throttle.blocked_until here) one interval on; a guess is let in while that time is at
// most `burst - 1` intervals ahead of now. In any 24 hours that admits fewer than
// burst + 24 h / interval = the daily limit (docs/SECURITY.md has the arithmetic). The rows share
// auth_throttle with the waits, under keys of their own.

const DAY_MS = 24 * 60 * 60 * 1000;

export type PaceDecision = { allowed: true } | { allowed: false; retryAfter: number };

/** Burst and interval for a daily limit: a fifth of it at once, the rest spread over the day. */
export function paceFor(daily: number): { burst: number; intervalMs: number } {
  const burst = Math.max(1, Math.ceil(daily / 5));
  return { burst, intervalMs: Math.ceil(DAY_MS / (daily - burst)) };
}

function sql(): { text: string; intervalMs: number; toleranceMs: number } {
  const { burst, intervalMs } = paceFor(throttleConfig.loginAccountDaily);
  const toleranceMs = (burst - 1) * intervalMs;
  const now = "CAST(? AS BIGINT)";
  const t = '"auth_throttle"';
  const tat = `(CASE WHEN ${t}."blocked_until" > ${now} THEN ${t}."blocked_until" ELSE ${now} END)`;
  const text = `INSERT INTO ${t} ("throttle_key", "attempts", "last_attempt", "blocked_until")
    VALUES (?, 1, ${now}, ${now} + ${intervalMs})
    ON CONFLICT ("throttle_key") DO UPDATE SET
      "attempts" = ${t}."attempts" + 1,
      "last_attempt" = ${now},
      "blocked_until" = ${tat} + ${intervalMs}
    WHERE ${tat} - ${now} <= ${toleranceMs}
    RETURNING "attempts"`;
  return { text, intervalMs, toleranceMs };
}

/** Counts one guess against `key` if the pace allows it, in one atomic statement. */
export async function takePace(key: string, now = Date.now()): Promise<PaceDecision> {
  const { text, toleranceMs } = sql();
  const at = String(now);
  const args = [key, ...Array<string>(text.match(/\?/g)!.length - 1).fill(at)];
  if ((await adapterQuery(text, args)).length === 1) return { allowed: true };
  const row = await db.throttle.findUnique({ where: { key }, select: { blockedUntil: true } });
  const wait = row ? Number(row.blockedUntil) - now - toleranceMs : 0;
  return { allowed: false, retryAfter: Math.max(1, Math.ceil(wait / 1000)) };
}

/** Gives a guess back (it was the right password): the pace moves one interval back. */
export async function returnPace(key: string): Promise<void> {
  const { intervalMs } = sql();
  await db.throttle.updateMany({ where: { key }, data: { blockedUntil: { decrement: BigInt(intervalMs) } } });
}
