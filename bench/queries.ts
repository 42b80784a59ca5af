// `npm run bench:queries`: the cost of each database call on the hot paths, in-process, on a fresh
// SQLite file (or PostgreSQL when DATABASE_URL says so): Prisma's query builder against a typed
// raw query through the same client and adapter, and the bare driver as the floor. Answers the
// issue's question "does Prisma's overhead dominate the hot lookup?" with numbers.
//   BENCH_QUERY_ITERATIONS (2000)
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const root = join(import.meta.dirname, "..");
const work = mkdtempSync(join(tmpdir(), "seed-queries-"));
const postgres = /^postgres(ql)?:/.test(process.env.DATABASE_URL ?? "");
if (postgres) {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/seed_queries_${Date.now()}`;
  process.env.DATABASE_URL = url.toString();
} else {
  process.env.DATABASE_URL = `file:${join(work, "queries.db")}`;
}
process.env.SESSION_SECRET ??= "bench-queries-secret-bench-queries-secret-0123";
process.env.BCRYPT_COST = "4";
const migrate = spawnSync(process.execPath, [join(root, "scripts", "migrate.mjs")], { cwd: root, stdio: "inherit" });
if (migrate.status !== 0) throw new Error("migrations failed");

const ITERATIONS = Number(process.env.BENCH_QUERY_ITERATIONS ?? 2000);
const { db } = await import("../lib/db");
const session = { ...(await import("../lib/auth/session/records")), ...(await import("../lib/auth/session/user-sessions")) };
const audit = await import("../lib/auth/audit/trail");
const { createUser } = await import("../lib/auth/account/users");

const created = await createUser("bench_queries", "a long enough password");
if (!created.ok) throw new Error("could not create the user");
const userId = created.user.id;
await session.createSession(userId, { ipAddress: "127.0.0.1", userAgent: "other device" });
const { key: liveKey } = await session.createSession(userId, { ipAddress: "127.0.0.1", userAgent: "bench" });
for (let i = 0; i < 20; i++) {
  await db.authEvent.create({ data: { event: "login", userId, username: "bench_queries", ipAddress: "127.0.0.1", userAgent: "bench" } });
}

async function time(name: string, call: () => Promise<unknown> | unknown): Promise<[string, number]> {
  for (let i = 0; i < 200; i++) await call();
  const start = performance.now();
  for (let i = 0; i < ITERATIONS; i++) await call();
  const us = ((performance.now() - start) * 1000) / ITERATIONS;
  console.log(`${name.padEnd(64)} ${us.toFixed(1).padStart(8)} µs`);
  return [name, us];
}

const keyHash = session.hashSessionKey(liveKey);
const results: [string, number][] = [];
console.log(`${postgres ? "PostgreSQL" : "SQLite"}, ${ITERATIONS} calls each, one at a time`);
results.push(await time("session lookup: loadSession (adapterQuery: one JOIN, prepared once on SQLite)", () => session.loadSession(liveKey)));
results.push(
  await time("session lookup: findUnique + include user (Prisma builder)", () => db.session.findUnique({ where: { keyHash }, include: { user: true } })),
);
results.push(await time("session lookup: findUnique, no relation (Prisma builder)", () => db.session.findUnique({ where: { keyHash } })));
results.push(await time("sessions list: listUserSessions (Prisma builder)", () => session.listUserSessions(userId, liveKey)));
results.push(await time("recent activity: recentEventsOfUser (Prisma builder)", () => audit.recentEventsOfUser(userId, 10)));
results.push(
  await time(
    "recent activity: same query, $queryRaw",
    () => db.$queryRaw`SELECT * FROM "auth_event" WHERE "user_id" = ${userId} ORDER BY "created_at" DESC, "id" DESC LIMIT 10`,
  ),
);
results.push(await time("health: SELECT 1 ($queryRaw)", () => db.$queryRaw`SELECT 1`));
{
  // The same lookup one level down: the driver adapter Prisma itself uses, without Prisma.
  const { PrismaBetterSqlite3 } = await import("@prisma/adapter-better-sqlite3");
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const factory = postgres ? new PrismaPg({ connectionString: process.env.DATABASE_URL! }) : new PrismaBetterSqlite3({ url: process.env.DATABASE_URL! });
  const adapter = await factory.connect();
  const query = {
    sql: `SELECT s."created_at", s."expire_date", s."absolute_expire_date", s."persistent", s."session_data", u."id", u."username",
                 u."email", u."is_active", u."is_staff", u."is_superuser", u."date_joined", u."last_login"
          FROM "auth_session" s LEFT JOIN "auth_user" u ON u."id" = s."user_id" WHERE s."session_key_hash" = ${postgres ? "$1" : "?"}`,
    args: [keyHash],
    argTypes: [{ scalarType: "string" as const, arity: "scalar" as const }],
  };
  console.log("adapter row:", JSON.stringify((await adapter.queryRaw(query)).rows[0]));
  results.push(await time("session lookup: the same JOIN through the driver adapter's queryRaw", () => adapter.queryRaw(query)));
  await adapter.dispose();
}
if (!postgres) {
  const Database = (await import("better-sqlite3")).default;
  const raw = new Database(join(work, "queries.db"), { readonly: true });
  const statement = raw.prepare(`SELECT s.*, u.id, u.username FROM auth_session s LEFT JOIN auth_user u ON u.id = s.user_id WHERE s.session_key_hash = ?`);
  results.push(await time("session lookup: bare better-sqlite3 prepared statement (floor)", () => statement.get(keyHash)));
  raw.close();
}
await db.$disconnect();
if (postgres) {
  const url = new URL(process.env.DATABASE_URL!);
  const name = url.pathname.slice(1);
  url.pathname = "/postgres";
  spawnSync("psql", [url.toString(), "-qc", `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`], { stdio: "ignore" });
}
rmSync(work, { recursive: true, force: true });
