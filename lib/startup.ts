import { warmPasswordHasher } from "./auth/password";
import { authConfig, cookieIsSecure } from "./auth/config";
import { startSessionCleanup } from "./auth/cleanup";
import { sessionSecrets } from "./auth/secret";

/**
 * Refuses to serve without a usable session secret (rather than failing on the first login),
 * precomputes the hash that unknown-user logins are checked against, and starts the background
 * deletion of expired sessions.
 */
export function checkAndWarm(): void {
  try {
    sessionSecrets();
  } catch (error) {
    console.error(`seed: ${(error as Error).message}`);
    process.exit(1);
  }
  void warmPasswordHasher();
  startCleanupOnce();
  if (!process.env.SEED_CLIENT_ADDRESS_HEADER) {
    console.warn("seed: started without scripts/server.mjs: client addresses are unknown, per-client throttling is off");
  }
  if (process.env.NODE_ENV === "production" && !cookieIsSecure()) {
    console.warn(
      "seed: session cookies are not marked Secure; behind HTTPS set APP_ORIGIN=https://… or SESSION_COOKIE_SECURE=true",
    );
  }
}

// One timer per process, even if registration runs again (development reloads).
const globalForCleanup = globalThis as unknown as { seedCleanupStarted?: boolean };

function startCleanupOnce(): void {
  if (globalForCleanup.seedCleanupStarted) return;
  // Under scripts/server.mjs's cluster, one worker is enough to keep the tables small.
  const worker = process.env.SEED_WORKER_ID;
  if (worker !== undefined && worker !== "1") return;
  globalForCleanup.seedCleanupStarted = true;
  startSessionCleanup(authConfig.sessionCleanupInterval);
}
