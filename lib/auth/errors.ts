// Telling "the database is unavailable" (answer 503, try again) apart from bugs (500).

// Prisma's connection-level error codes.
const UNAVAILABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1003", "P1008", "P1017", "P2024", "P2034"]);
// Driver adapter error kinds (DriverAdapterError.cause.kind) that mean "not reachable right now".
const UNAVAILABLE_KINDS = new Set([
  "SocketTimeout",
  "DatabaseNotReachable",
  "DatabaseDoesNotExist",
  "DatabaseAccessDenied",
  "ConnectionClosed",
  "TooManyConnections",
  "TransactionWriteConflict",
]);
const UNAVAILABLE_SQLITE = /^SQLITE_(BUSY|LOCKED|CANTOPEN|IOERR|FULL|READONLY|PROTOCOL|NOTADB)/;
// PostgreSQL SQLSTATEs: connection exceptions (08…), insufficient resources (53…), the server
// shutting down or restarting (57P01–57P03).
const UNAVAILABLE_POSTGRES = /^(08|53|57P0[1-3])/;
// The last two come from pg's pool (full for longer than its connectionTimeoutMillis) and client.
const UNAVAILABLE_MESSAGE =
  /database is locked|unable to open database|Cannot open database|disk I\/O error|Can't reach database|timeout exceeded when trying to connect|Connection terminated|read ECONNRESET|connect ECONNREFUSED/i;

type ErrorLike = {
  name?: unknown;
  code?: unknown;
  kind?: unknown;
  originalCode?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: unknown };
};

/**
 * True for errors that mean "try again shortly" (answered 503): the database is unreachable or
 * locked, or the password hasher's queue is full (lib/auth/password/pool.ts).
 */
export function isTemporarilyUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== "object" || error === null || depth > 4) return false;
  const e = error as ErrorLike;
  if (e.name === "PasswordHasherBusyError") return true;
  if (typeof e.code === "string" && (UNAVAILABLE_PRISMA_CODES.has(e.code) || isUnavailableDriverCode(e.code))) return true;
  if (typeof e.kind === "string" && UNAVAILABLE_KINDS.has(e.kind)) return true;
  if (typeof e.originalCode === "string" && isUnavailableDriverCode(e.originalCode)) return true;
  if (e.name === "PrismaClientInitializationError") return true;
  if (typeof e.message === "string" && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  return isTemporarilyUnavailable(e.meta?.driverAdapterError, depth + 1) || (e.cause !== error && isTemporarilyUnavailable(e.cause, depth + 1));
}

// A connection to the server that broke or could not be made (Node's system error codes).
const UNAVAILABLE_NETWORK = /^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN)$/;

function isUnavailableDriverCode(code: string): boolean {
  return UNAVAILABLE_SQLITE.test(code) || UNAVAILABLE_POSTGRES.test(code) || UNAVAILABLE_NETWORK.test(code);
}

/** A unique index refused the write (Prisma P2002): the race was decided by the database. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
