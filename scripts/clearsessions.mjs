#!/usr/bin/env node
// `npm run clearsessions`: deletes expired sessions from DATABASE_URL, like Django's
// `clearsessions`. Expired sessions are already refused (and deleted when presented); this bounds
// the table for the ones nobody presents again. Safe to run from several hosts at once; meant for
// cron or a systemd timer (docs/DEPLOY.md).
import { isAbsolute, join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseProvider, databaseUrl, postgresSchema } from "../lib/database-url.mjs";

const root = join(import.meta.dirname, "..");
const url = databaseUrl();

async function clearPostgres() {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const table = `"${postgresSchema(url) ?? "public"}"."auth_session"`;
    // Prisma stores DateTime as UTC in `timestamp` columns (without a time zone).
    const now = "(now() AT TIME ZONE 'UTC')";
    return (await client.query(`DELETE FROM ${table} WHERE expire_date <= ${now} OR absolute_expire_date <= ${now}`)).rowCount ?? 0;
  } finally {
    await client.end();
  }
}

function clearSqlite() {
  const raw = url.slice("file:".length).replace(/\?.*$/, "").replace(/^\/\/(?=\/)/, "");
  const db = new Database(isAbsolute(raw) ? raw : join(root, raw), { fileMustExist: true, timeout: 5_000 });
  try {
    // Prisma's SQLite adapter stores DateTime as ISO 8601 text, which julianday() reads.
    const now = "julianday('now')";
    return db.prepare(`DELETE FROM auth_session WHERE julianday(expire_date) <= ${now} OR julianday(absolute_expire_date) <= ${now}`).run().changes;
  } finally {
    db.close();
  }
}

const deleted = databaseProvider(url) === "postgresql" ? await clearPostgres() : clearSqlite();
console.log(`seed: deleted ${deleted} expired session(s)`);
