import "server-only";
import pino from "pino";

// One JSON line per event on stdout. Fields that could carry secrets are cut by name, as a
// second line of defence: nothing in the app logs a password, hash, cookie or key to begin with.
export const log = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: undefined,
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
  redact: {
    paths: ["password", "*.password", "passwordHash", "*.passwordHash", "cookie", "*.cookie", "key", "*.key", "code", "*.code"],
    censor: "[redacted]",
  },
});
