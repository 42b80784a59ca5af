#!/usr/bin/env node
// Applies the committed migrations to DATABASE_URL with `prisma migrate deploy` (offline, through
// the WASM schema engine shim), creating the SQLite file or the PostgreSQL database when it does
// not exist. prisma.config.ts picks the provider's schema and migrations from the URL.
//
// When every committed migration is already applied, the engine is not started at all: a restart
// costs milliseconds instead of seconds, and on SQLite it works next to a running instance (the
// engine takes SQLite's exclusive lock, which it cannot get while an app holds the file open).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseProvider, databaseUrl, postgresSchema, prismaPaths } from "../lib/database-url.mjs";

const root = join(import.meta.dirname, "..");
const url = (process.env.DATABASE_URL = databaseUrl());
const provider = databaseProvider(url);

const APPLIED_SQL = (table) => `SELECT migration_name FROM ${table} WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;

function committedMigrations() {
  const dir = join(root, prismaPaths(provider).migrations);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name);
}

/** Names of the migrations applied to the SQLite file, or null when it has none yet. */
function sqliteApplied() {
  // Relative paths resolve against the project root, as they do for the CLI and the app.
  const raw = url
    .slice("file:".length)
    .replace(/\?.*$/, "")
    .replace(/^\/\/(?=\/)/, "");
  const file = isAbsolute(raw) ? raw : join(root, raw);
  if (!existsSync(file)) return null;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    return table
      ? db
          .prepare(APPLIED_SQL("_prisma_migrations"))
          .all()
          .map((row) => row.migration_name)
      : null;
  } finally {
    db.close();
  }
}

/**
 * The same for PostgreSQL. Any failure (no database yet, no table, server down) answers null and
 * leaves it to `migrate deploy`, which creates the database or reports the error properly.
 */
async function postgresApplied() {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on("error", () => {}); // a dropped connection must not crash the script
  try {
    await client.connect();
    const table = `"${postgresSchema(url) ?? "public"}"._prisma_migrations`;
    return (await client.query(APPLIED_SQL(table))).rows.map((row) => row.migration_name);
  } catch {
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}

const applied = new Set((provider === "postgresql" ? await postgresApplied() : sqliteApplied()) ?? []);
if (applied.size > 0 && committedMigrations().every((name) => applied.has(name))) {
  console.log("seed: database is up to date");
  process.exit(0);
}

const result = spawnSync(join(root, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
  cwd: root,
  stdio: ["ignore", "pipe", "pipe"],
  env: process.env,
  encoding: "utf8",
});
if (result.status !== 0) {
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  process.stderr.write(output);
  const locked = /SocketTimeout|database is locked|SQLITE_BUSY/.test(output);
  console.error(
    locked
      ? "seed: the database is locked by another process (is the app already running on it?); stop it and start again"
      : "seed: applying database migrations failed",
  );
  process.exit(result.status ?? 1);
}
const count = /(\d+) migrations? (?:found|applied)|No pending migrations/i.exec(result.stdout);
console.log(`seed: database migrated${count ? ` (${count[0]})` : ""}`);
