// `npm run clearsessions`: Django's clearsessions. Deletes expired sessions, idle throttle
// counters and audit events older than AUTH_EVENT_RETENTION_DAYS from DATABASE_URL, in batches
// (lib/auth/cleanup.ts, which the server also runs every SESSION_CLEANUP_INTERVAL seconds). Safe beside a running app and from cron.
// Exit status: 0 done, 1 failed (the reason on stderr).
import "./lib/command-env";
import { clearExpired } from "../lib/auth/cleanup";
import { isTemporarilyUnavailable } from "../lib/auth/errors";

try {
  const { sessions, throttles, events, tokens } = await clearExpired();
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  console.log(
    `Deleted ${plural(sessions, "expired session", "expired sessions")}, ${plural(throttles, "idle throttle counter", "idle throttle counters")}, ${plural(events, "audit event", "audit events")} past retention and ${plural(tokens, "expired mailed link", "expired mailed links")}.`,
  );
  process.exit(0);
} catch (error) {
  console.error(`Error: expired sessions could not be deleted: ${reason(error)}.`);
  process.exit(1);
}

function reason(error: unknown): string {
  if (isTemporarilyUnavailable(error)) return "the database is unavailable";
  // P2021: no such table. A cleanup job does not migrate; that is the deployment's step.
  if ((error as { code?: unknown }).code === "P2021") return "the database is not migrated (run npm run migrate)";
  return error instanceof Error ? error.name : typeof error;
}
