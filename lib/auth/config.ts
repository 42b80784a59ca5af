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
  /** Sliding session age in seconds (Django's SESSION_COOKIE_AGE: two weeks). */
  sessionAge: intFromEnv("SESSION_AGE", 14 * DAY, 60, 365 * DAY),
  /** Hard limit from login, in seconds, whatever the activity. */
  sessionAbsoluteAge: intFromEnv("SESSION_ABSOLUTE_AGE", 30 * DAY, 60, 3650 * DAY),
  passwordMinLength: intFromEnv("PASSWORD_MIN_LENGTH", 8, 1, 64),
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
