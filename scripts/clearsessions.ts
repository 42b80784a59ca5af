// `npm run clearsessions`: Django's clearsessions. Deletes expired sessions and idle throttle
// counters from DATABASE_URL, in batches (lib/auth/cleanup.ts, which the server also runs every
// SESSION_CLEANUP_INTERVAL seconds). Safe beside a running app and from cron.
// Exit status: 0 done, 1 failed (the reason on stderr).
import "./lib/command-env";
import { clearExpired } from "../lib/auth/cleanup";
import { isDatabaseUnavailable } from "../lib/auth/errors";

try {
  const { sessions, throttles } = await clearExpired();
  console.log(`Deleted ${sessions} expired ${sessions === 1 ? "session" : "sessions"} and ${throttles} idle throttle ${throttles === 1 ? "counter" : "counters"}.`);
  process.exit(0);
} catch (error) {
  console.error(`Error: expired sessions could not be deleted: ${reason(error)}.`);
  process.exit(1);
}

function reason(error: unknown): string {
  if (isDatabaseUnavailable(error)) return "the database is unavailable";
  // P2021: no such table. A cleanup job does not migrate; that is the deployment's step.
  if ((error as { code?: unknown }).code === "P2021") return "the database is not migrated (run npm run migrate)";
  return error instanceof Error ? error.name : typeof error;
}
