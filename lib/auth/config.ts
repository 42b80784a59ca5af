// Settings read from the environment, validated once. Edge-safe: no Node-only imports, because
// middleware.ts reads the cookie settings too.

function intFromEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
  }
  return value;
}

const DAY = 24 * 60 * 60;

export const authConfig = {
  /** bcrypt work factor; every +1 doubles the time of a login. */
  bcryptCost: intFromEnv("BCRYPT_COST", 12, 4, 16),
  /** Password-hashing threads per server process; 0 means cores ÷ server processes (at least 1). */
  bcryptThreads: intFromEnv("BCRYPT_THREADS", 0, 0, 64),
  /** Hashes waiting for a thread, per process; past it a login answers 503 (try again). */
  bcryptMaxQueue: intFromEnv("BCRYPT_MAX_QUEUE", 64, 1, 100_000),
  /** Nice value of the hashing threads: above 0, requests' event loops get the CPU first. */
  bcryptThreadNice: intFromEnv("BCRYPT_THREAD_NICE", 10, 0, 19),
  /** Idle limit of a Remember-me session, seconds (Django's SESSION_COOKIE_AGE: two weeks). */
  sessionAge: intFromEnv("SESSION_AGE", 14 * DAY, 60, 365 * DAY),
  /** Idle limit of a session without Remember me, seconds. */
  sessionIdleTimeout: intFromEnv("SESSION_IDLE_TIMEOUT", 12 * 60 * 60, 60, 365 * DAY),
  /** Hard limit from login, in seconds, whatever the activity. */
  sessionAbsoluteAge: intFromEnv("SESSION_ABSOLUTE_AGE", 30 * DAY, 60, 3650 * DAY),
  /** Sliding expiry is written at most this often per session, seconds. */
  sessionRenewInterval: 60,
  /** Largest session data dictionary, in bytes of JSON; a write past it is refused. */
  sessionDataMaxBytes: intFromEnv("SESSION_DATA_MAX_BYTES", 16 * 1024, 256, 1024 * 1024),
  passwordMinLength: intFromEnv("PASSWORD_MIN_LENGTH", 12, 8, 64),
  /** Seconds between the server's deletions of expired sessions; 0 turns them off. */
  sessionCleanupInterval: intFromEnv("SESSION_CLEANUP_INTERVAL", 60 * 60, 0, 30 * DAY),
  /** Days the audit trail (auth_event) keeps a row; older ones go with the cleanup. 0 keeps them all. */
  authEventRetentionDays: intFromEnv("AUTH_EVENT_RETENTION_DAYS", 90, 0, 36_500),
  /** Seconds a login or re-authentication lets sensitive changes through without asking again ("sudo mode"). */
  stepUpWindow: intFromEnv("STEP_UP_WINDOW", 10 * 60, 60, DAY),
} as const;

/**
 * Throttling: each rule lets `free` attempts through, then makes the next one wait
 * baseDelay·2^n seconds (capped at maxDelay). A subject that stays quiet for resetAfter seconds
 * starts over. Nothing is ever locked for good.
 */
export const throttleConfig = {
  loginAccountFree: intFromEnv("THROTTLE_LOGIN_ACCOUNT_FREE", 5, 1, 1_000_000),
  loginClientFree: intFromEnv("THROTTLE_LOGIN_CLIENT_FREE", 30, 1, 1_000_000),
  signupClientFree: intFromEnv("THROTTLE_SIGNUP_CLIENT_FREE", 10, 1, 1_000_000),
  /** New anonymous sessions per client address, so a bot cannot fill auth_session. */
  sessionClientFree: intFromEnv("THROTTLE_SESSION_CLIENT_FREE", 50, 1, 1_000_000),
  /** Email changes per account, and per client address, before the waits begin. */
  emailAccountFree: intFromEnv("THROTTLE_EMAIL_ACCOUNT_FREE", 5, 1, 1_000_000),
  emailClientFree: intFromEnv("THROTTLE_EMAIL_CLIENT_FREE", 20, 1, 1_000_000),
  /** Mails one address can be sent on request (reset links, "send again"), and requests per client address. */
  mailAddressFree: intFromEnv("THROTTLE_MAIL_ADDRESS_FREE", 3, 1, 1_000_000),
  mailClientFree: intFromEnv("THROTTLE_MAIL_CLIENT_FREE", 10, 1, 1_000_000),
  /** Mailed links (reset, verification) opened per client address: each costs a database write, a reset a password hash too. */
  linkClientFree: intFromEnv("THROTTLE_LINK_CLIENT_FREE", 20, 1, 1_000_000),
  /**
   * Failed guesses one account can get in any 24 hours, whatever their timing (NIST SP 800-63B
   * asks for at most 100); a pace on top of the growing waits, never a lockout.
   */
  loginAccountDaily: intFromEnv("THROTTLE_LOGIN_ACCOUNT_DAILY", 100, 10, 100_000),
  baseDelay: intFromEnv("THROTTLE_BASE_DELAY", 2, 1, 3600),
  maxDelay: intFromEnv("THROTTLE_MAX_DELAY", 15 * 60, 1, DAY),
  resetAfter: intFromEnv("THROTTLE_RESET_AFTER", 60 * 60, 60, 7 * DAY),
} as const;

/**
 * Secure cookies (and the __Host- prefix) when the app is served over HTTPS. Set
 * SESSION_COOKIE_SECURE=true behind a TLS-terminating proxy.
 */
export function cookieIsSecure(): boolean {
  const flag = process.env.SESSION_COOKIE_SECURE;
  if (flag === "true" || flag === "1") return true;
  if (flag === "false" || flag === "0") return false;
  return (process.env.APP_ORIGIN ?? "").startsWith("https://");
}
