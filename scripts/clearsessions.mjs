#!/usr/bin/env node
// `npm run clearsessions`: deletes expired sessions from DATABASE_URL, like Django's
// `clearsessions`, and throttle counters that are idle and no longer block anything. Expired
// sessions are already refused (and deleted when presented) and idle counters start over at their
// next use; this only bounds the tables. Safe to run from several hosts at once; meant for cron or
// a systemd timer (docs/DEPLOY.md). Run it with the app's environment (THROTTLE_RESET_AFTER).
import { isAbsolute, join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseProvider, databaseUrl, postgresSchema } from "../lib/database-url.mjs";

const root = join(import.meta.dirname, "..");
const url = databaseUrl();
const now = Date.now();
// A counter idle for THROTTLE_RESET_AFTER seconds counts from 1 again at its next use, so it can
// go. Unset here, the longest value the app accepts (7 days) is assumed: never too early.
const resetAfter = Number.parseInt(process.env.THROTTLE_RESET_AFTER ?? "", 10) || 7 * 24 * 3600;
const THROTTLE_SQL = (table, p) => `DELETE FROM ${table} WHERE last_attempt < ${p(1)} AND blocked_until < ${p(2)}`;
const throttleParams = [now - resetAfter * 1000, now];

async function clearPostgres() {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const schema = `"${postgresSchema(url) ?? "public"}"`;
    // Prisma stores DateTime as UTC in `timestamp` columns (without a time zone).
    const utcNow = "(now() AT TIME ZONE 'UTC')";
    const sessions = await client.query(
      `DELETE FROM ${schema}."auth_session" WHERE expire_date <= ${utcNow} OR absolute_expire_date <= ${utcNow}`,
    );
    const throttles = await client.query(THROTTLE_SQL(`${schema}."auth_throttle"`, (n) => `$${n}`), throttleParams);
    return { sessions: sessions.rowCount ?? 0, throttles: throttles.rowCount ?? 0 };
  } finally {
    await client.end();
  }
}

function clearSqlite() {
  const raw = url.slice("file:".length).replace(/\?.*$/, "").replace(/^\/\/(?=\/)/, "");
  const db = new Database(isAbsolute(raw) ? raw : join(root, raw), { fileMustExist: true, timeout: 5_000 });
  try {
    // Prisma's SQLite adapter stores DateTime as ISO 8601 text, which julianday() reads.
    const julianNow = "julianday('now')";
    const sessions = db
      .prepare(`DELETE FROM auth_session WHERE julianday(expire_date) <= ${julianNow} OR julianday(absolute_expire_date) <= ${julianNow}`)
      .run().changes;
    const throttles = db.prepare(THROTTLE_SQL("auth_throttle", () => "?")).run(...throttleParams).changes;
    return { sessions, throttles };
  } finally {
    db.close();
  }
}

const deleted = databaseProvider(url) === "postgresql" ? await clearPostgres() : clearSqlite();
console.log(`seed: deleted ${deleted.sessions} expired session(s) and ${deleted.throttles} idle throttle counter(s)`);
