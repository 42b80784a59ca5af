// Telling "the database is unavailable" apart from bugs, so callers answer 503 rather than 500.

const UNAVAILABLE_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);

export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const e = error as { name?: unknown; code?: unknown; cause?: unknown; message?: unknown };
  if (typeof e.code === "string" && (UNAVAILABLE_CODES.has(e.code) || e.code.startsWith("SQLITE_BUSY") || e.code.startsWith("SQLITE_CANTOPEN") || e.code.startsWith("SQLITE_IOERR") || e.code.startsWith("SQLITE_LOCKED"))) {
    return true;
  }
  const name = typeof e.name === "string" ? e.name : "";
  if (name === "DriverAdapterError" || name === "PrismaClientInitializationError" || name === "PrismaClientRustPanicError") {
    return true;
  }
  if (name === "PrismaClientUnknownRequestError" || name === "PrismaClientKnownRequestError") {
    return typeof e.message === "string" && /database is locked|SQLITE_BUSY|unable to open|disk I\/O|Can't reach database|Timed out/i.test(e.message);
  }
  return e.cause !== undefined && e.cause !== error && isDatabaseUnavailable(e.cause);
}
