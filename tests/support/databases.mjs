// Fresh databases for the test suites: temporary SQLite files by default, new databases on the
// local PostgreSQL server when SEED_TEST_DATABASE=postgresql (`npm run test:pg`).
//
// Every database of one run is named `<run>_<purpose>`, so the runner can drop whatever a crashed
// suite left behind. A database is created by migrating it (scripts/migrate.mjs), not here.
// Plain JavaScript: used by scripts/test.mjs, vitest.config.ts and the Playwright suite alike.
import { readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

/** @type {"sqlite" | "postgresql"} */
export const TEST_PROVIDER = process.env.SEED_TEST_DATABASE === "postgresql" ? "postgresql" : "sqlite";

/** The server the PostgreSQL test databases are created on; trust auth on the local server. */
export const POSTGRES_SERVER_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** This run's prefix, shared with every process the run starts (through the environment). */
export function testRun() {
  return (process.env.SEED_TEST_RUN ??= `seed_test_${Date.now()}_${process.pid}`);
}

/**
 * The URL of a fresh database for one purpose (letters, digits, underscores).
 * @param {string} purpose
 */
export function testDatabaseUrl(purpose) {
  const name = `${testRun()}_${purpose}`;
  if (TEST_PROVIDER === "sqlite") return `file:${join(tmpdir(), `${name}.db`)}`;
  const url = new URL(POSTGRES_SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** @param {(client: pg.Client) => Promise<void>} work */
async function withServer(work) {
  const client = new pg.Client({ connectionString: POSTGRES_SERVER_URL, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

/** Throws a clear error when the PostgreSQL test server cannot be reached. */
export async function checkPostgresServer() {
  try {
    await withServer(async (client) => void (await client.query("SELECT 1")));
  } catch (error) {
    const { host, port } = new URL(POSTGRES_SERVER_URL);
    throw new Error(`PostgreSQL is not reachable at ${host}:${port || 5432} (${error.message}); start it, or set TEST_POSTGRES_URL`);
  }
}

/** @param {string} file */
const removeSqlite = (file) => {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
};

/**
 * Drops one test database (a server still connected to it is disconnected).
 * @param {string} url
 */
export async function dropTestDatabase(url) {
  if (url.startsWith("file:")) return removeSqlite(url.slice("file:".length));
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  await withServer(async (client) => void (await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)));
}

/** Drops every database of a run; returns how many there were. */
export async function dropTestRun(run = testRun()) {
  if (TEST_PROVIDER === "sqlite") {
    const files = readdirSync(tmpdir()).filter((file) => file.startsWith(`${run}_`) && file.endsWith(".db"));
    for (const file of files) removeSqlite(join(tmpdir(), file));
    return files.length;
  }
  /** @type {string[]} */
  let names = [];
  await withServer(async (client) => {
    const { rows } = await client.query("SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [`${run}_`]);
    names = rows.map((row) => row.datname);
    for (const name of names) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
  return names.length;
}
