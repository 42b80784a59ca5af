import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { log } from "../log";
import { isTemporarilyUnavailable } from "./errors";
import { pruneAuthEvents } from "./audit/trail";
import { authConfig } from "./config";
import { deleteExpiredTokens } from "./email/tokens";
import { deleteExpiredSessions } from "./session/user-sessions";
import { pruneThrottles } from "./throttle/backoff";
import { deleteExpiredChallenges } from "./passkeys/challenges";

// Django's clearsessions: expired sessions are already refused (and deleted when presented), so
// this only keeps auth_session and auth_throttle from growing. Used by `npm run clearsessions` and
// by a timer in the server process (lib/startup.ts).

export type CleanupOptions = {
  /** Rows per statement: one batch holds SQLite's write lock for a few milliseconds at most. */
  batchSize?: number;
  /** Pause between batches, so requests waiting to write get the lock in between. */
  pauseMs?: number;
  now?: Date;
  /** Audit events older than this many days are deleted; 0 keeps them (AUTH_EVENT_RETENTION_DAYS). */
  eventRetentionDays?: number;
};

export type CleanupResult = { sessions: number; throttles: number; events: number; tokens: number; challenges: number };

const DEFAULT_BATCH_SIZE = 500;

/** Deletes every expired session, idle throttle counter and audit event past retention, batch by batch. */
export async function clearExpired(options: CleanupOptions = {}): Promise<CleanupResult> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const pauseMs = options.pauseMs ?? 0;
  const sessions = await inBatches(() => deleteExpiredSessions(batchSize, now), batchSize, pauseMs);
  const throttles = await inBatches(() => pruneThrottles(now.getTime(), batchSize), batchSize, pauseMs);
  const retentionDays = options.eventRetentionDays ?? authConfig.authEventRetentionDays;
  const before = new Date(now.getTime() - retentionDays * 24 * 60 * 60 * 1000);
  const events = retentionDays > 0 ? await inBatches(() => pruneAuthEvents(before, batchSize), batchSize, pauseMs) : 0;
  const tokens = await deleteExpiredTokens(now);
  const challenges = await deleteExpiredChallenges(now);
  return { sessions, throttles, events, tokens, challenges };
}

async function inBatches(deleteBatch: () => Promise<number>, batchSize: number, pauseMs: number): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await deleteBatch();
    total += deleted;
    if (deleted < batchSize) return total;
    if (pauseMs > 0) await sleep(pauseMs);
  }
}

/**
 * Runs clearExpired every `intervalSeconds` in this process, unref'd so it never keeps the process
 * alive; 0 turns it off. Each run that deleted something logs the counts; a failed run logs the
 * error's name only (messages can quote SQL and values), and the next one tries again. Returns a
 * function that stops the timer.
 */
export function startSessionCleanup(intervalSeconds: number): () => void {
  if (intervalSeconds <= 0) return () => {};
  let running = false;
  const timer = setInterval(async () => {
    if (running) return; // a slow run is never overlapped by the next one
    running = true;
    try {
      const deleted = await clearExpired({ pauseMs: 50 });
      if (deleted.sessions + deleted.throttles + deleted.events > 0) log.info({ event: "expired_rows_deleted", ...deleted });
    } catch (error) {
      const what = isTemporarilyUnavailable(error) ? "database unavailable" : error instanceof Error ? error.name : typeof error;
      log.error({ event: "session_cleanup_failed", error: what, retryInSeconds: intervalSeconds });
    } finally {
      running = false;
    }
  }, intervalSeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
