#!/usr/bin/env node
// Applies the committed migrations to DATABASE_URL with `prisma migrate deploy` (offline, through
// the WASM schema engine shim), creating the SQLite file when it does not exist.
//
// The engine takes SQLite's exclusive lock, which it cannot get while a running app holds the
// database open. So when every committed migration is already applied, the engine is not started
// at all: a restart next to a running instance works, and costs milliseconds instead of seconds.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import Database from "better-sqlite3";

const root = join(import.meta.dirname, "..");
const url = (process.env.DATABASE_URL ||= "file:./app.db");

function committedMigrations() {
  const dir = join(root, "prisma", "migrations");
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name);
}

/** True when the SQLite file exists and has every committed migration applied. */
function sqliteIsUpToDate() {
  if (!url.startsWith("file:")) return false;
  // Relative paths resolve against the project root, as they do for the CLI and the app.
  const raw = url.slice("file:".length).replace(/\?.*$/, "").replace(/^\/\/(?=\/)/, "");
  const file = isAbsolute(raw) ? raw : join(root, raw);
  if (!existsSync(file)) return false;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!table) return false;
    const applied = new Set(
      db
        .prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL")
        .all()
        .map((row) => row.migration_name),
    );
    return committedMigrations().every((name) => applied.has(name));
  } finally {
    db.close();
  }
}

if (sqliteIsUpToDate()) {
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
const applied = /(\d+) migrations? (?:found|applied)|No pending migrations/i.exec(result.stdout);
console.log(`seed: database migrated${applied ? ` (${applied[0]})` : ""}`);
