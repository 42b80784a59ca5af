#!/usr/bin/env node
// `npm run bench:drivers`: the hot session lookup (lib/auth/session/records.ts) as a statement prepared
// once, on each SQLite driver this Node can load: better-sqlite3 (installed), Node's own
// node:sqlite, and any other better-sqlite3 package directory named in BENCH_BETTER_SQLITE3_DIRS
// (colon-separated, e.g. an older release built for this Node). Rounds alternate between the
// drivers, so they share the machine's load; the median of the rounds is printed, in µs per call.
//   BENCH_DRIVER_CALLS (20000 per round), BENCH_DRIVER_ROUNDS (5)
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { DatabaseSync } from "node:sqlite";

const require = createRequire(import.meta.url);
const CALLS = Number(process.env.BENCH_DRIVER_CALLS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_DRIVER_ROUNDS ?? 5);
const LOOKUP = `SELECT s."created_at", s."expire_date", s."absolute_expire_date", s."persistent", s."session_data",
  u."id", u."username", u."email", u."is_active", u."is_staff", u."is_superuser", u."date_joined", u."last_login"
  FROM "auth_session" s LEFT JOIN "auth_user" u ON u."id" = s."user_id" WHERE s."session_key_hash" = ?`;

const work = mkdtempSync(join(tmpdir(), "seed-drivers-"));
const file = join(work, "drivers.db");
const keys = [];
{
  const setup = new DatabaseSync(file);
  setup.exec(`PRAGMA journal_mode = WAL;
    CREATE TABLE auth_user (id INTEGER PRIMARY KEY, username TEXT UNIQUE, email TEXT, is_active BOOLEAN, is_staff BOOLEAN,
      is_superuser BOOLEAN, date_joined DATETIME, last_login DATETIME);
    CREATE TABLE auth_session (session_key_hash TEXT PRIMARY KEY, user_id INTEGER REFERENCES auth_user(id), created_at DATETIME,
      expire_date DATETIME, absolute_expire_date DATETIME, persistent BOOLEAN, session_data TEXT);`);
  const user = setup.prepare("INSERT INTO auth_user VALUES (?, ?, NULL, 1, 0, 0, ?, NULL)");
  const session = setup.prepare("INSERT INTO auth_session VALUES (?, ?, ?, ?, ?, 0, '{}')");
  const now = new Date().toISOString();
  setup.exec("BEGIN");
  for (let id = 1; id <= 1000; id++) {
    user.run(id, `user_${id}`, now);
    const key = randomBytes(32).toString("hex");
    keys.push(key);
    session.run(key, id, now, now, now);
  }
  setup.exec("COMMIT");
  setup.close();
}

/** name → a function running the lookup once; rows as arrays, as adapterQuery reads them. */
const drivers = new Map();
function betterSqlite3(dir) {
  const Database = require(dir);
  const statement = new Database(file, { readonly: true }).prepare(LOOKUP).raw(true);
  drivers.set(`better-sqlite3 ${require(join(dir, "package.json")).version}`, (key) => statement.all(key));
}
betterSqlite3("better-sqlite3");
for (const dir of (process.env.BENCH_BETTER_SQLITE3_DIRS ?? "").split(":").filter(Boolean)) betterSqlite3(dir);
{
  const statement = new DatabaseSync(file, { readOnly: true }).prepare(LOOKUP);
  statement.setReturnArrays(true);
  drivers.set(`node:sqlite (Node ${process.versions.node})`, (key) => statement.all(key));
}

const times = new Map([...drivers.keys()].map((name) => [name, []]));
for (let round = 0; round < ROUNDS + 1; round++) {
  for (const [name, lookup] of drivers) {
    const start = performance.now();
    for (let i = 0; i < CALLS; i++) if (lookup(keys[i % keys.length]).length !== 1) throw new Error(`${name}: no row`);
    if (round > 0) times.get(name).push(((performance.now() - start) * 1000) / CALLS); // round 0 warms up
  }
}
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
console.log(`session lookup, prepared once, ${CALLS} calls × ${ROUNDS} rounds (median µs per call)`);
for (const [name, list] of times)
  console.log(`${name.padEnd(40)} ${median(list).toFixed(2).padStart(8)} µs   rounds: ${list.map((t) => t.toFixed(2)).join(", ")}`);
rmSync(work, { recursive: true, force: true });
