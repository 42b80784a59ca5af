import { warmPasswordHasher } from "./auth/password/hash";
import { authConfig, cookieIsSecure } from "./auth/config";
import { startSessionCleanup } from "./auth/cleanup";
import { resealTotpSecrets } from "./auth/factors/totp";
import { sessionSecrets } from "./auth/secrets/secret";
import { log } from "./log";
import { checkMailSettings, mailSettings } from "./mail/settings";

/**
 * Refuses to serve without a usable session secret (rather than failing on the first login) or
 * with mail settings that cannot send (rather than failing on the first password reset),
 * precomputes the hash that unknown-user logins are checked against, starts the background
 * deletion of expired sessions and seals TOTP secrets under the current secret.
 */
export function checkAndWarm(): void {
  try {
    sessionSecrets();
    checkMailSettings();
  } catch (error) {
    console.error(`seed: ${(error as Error).message}`);
    process.exit(1);
  }
  void warmPasswordHasher();
  startCleanupOnce();
  resealTotpSecretsOnce();
  if (!process.env.SEED_CLIENT_ADDRESS_HEADER) {
    console.warn("seed: started without scripts/server.mjs: client addresses are unknown, per-client throttling is off");
  }
  if (process.env.NODE_ENV === "production" && mailSettings.backend === "console") {
    console.warn("seed: EMAIL_BACKEND=console in production: reset and confirmation links go to the log, where anyone who reads it can use them");
  }
  if (process.env.NODE_ENV === "production" && !cookieIsSecure()) {
    console.warn("seed: session cookies are not marked Secure; behind HTTPS set APP_ORIGIN=https://… or SESSION_COOKIE_SECURE=true");
  }
}

// One timer per process, even if registration runs again (development reloads).
const globalForCleanup = globalThis as unknown as { seedCleanupStarted?: boolean; seedTotpResealed?: boolean };

/**
 * Secrets of rows from before encryption, or sealed under a secret that is now only a fallback,
 * are sealed under SESSION_SECRET in the background, so that removing the fallback later locks
 * nobody out of their second factor. One worker does it; other instances doing it too is safe.
 */
function resealTotpSecretsOnce(): void {
  if (globalForCleanup.seedTotpResealed) return;
  const worker = process.env.SEED_WORKER_ID;
  if (worker !== undefined && worker !== "1") return;
  globalForCleanup.seedTotpResealed = true;
  resealTotpSecrets()
    .then(({ resealed, unreadable }) => {
      if (resealed > 0) log.info({ event: "totp_secrets_resealed", resealed });
      if (unreadable > 0) {
        log.warn({
          event: "totp_secrets_unreadable",
          unreadable,
          hint: "sealed under a secret missing from SESSION_SECRET and SESSION_SECRET_FALLBACKS: put it back as a fallback and restart; until then these users need a recovery code",
        });
      }
    })
    .catch((error: unknown) => log.error({ event: "totp_reseal_failed", error: error instanceof Error ? error.name : typeof error }));
}

function startCleanupOnce(): void {
  if (globalForCleanup.seedCleanupStarted) return;
  // Under scripts/server.mjs's cluster, one worker is enough to keep the tables small.
  const worker = process.env.SEED_WORKER_ID;
  if (worker !== undefined && worker !== "1") return;
  globalForCleanup.seedCleanupStarted = true;
  startSessionCleanup(authConfig.sessionCleanupInterval);
}
