import Database from "better-sqlite3";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isTemporarilyUnavailable } from "@/lib/auth/errors";
import { adapterQuery } from "@/lib/db";
import { TEST_PROVIDER } from "../support/databases.mjs";
import { PrismaClient as PostgresClient } from "@/lib/generated/postgresql/client";
import { PrismaClient } from "@/lib/generated/sqlite/client";

describe("isTemporarilyUnavailable", () => {
  it("recognises a locked SQLite database", async () => {
    const path = join(tmpdir(), `seed-locked-${process.pid}.db`);
    const holder = new Database(path);
    holder.exec("PRAGMA journal_mode = WAL; CREATE TABLE t (x INTEGER)");
    const client = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: `file:${path}`, timeout: 50 }) });
    holder.exec("BEGIN EXCLUSIVE");
    try {
      const error = await client.$executeRawUnsafe("INSERT INTO t (x) VALUES (1)").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(isTemporarilyUnavailable(error)).toBe(true);
    } finally {
      holder.exec("ROLLBACK");
      holder.close();
      await client.$disconnect();
      for (const suffix of ["", "-wal", "-shm"]) rmSync(path + suffix, { force: true });
    }
  });

  // The session lookup skips Prisma's engine (lib/db.ts adapterQuery): the adapter's own errors.
  it("recognises a locked SQLite database and a refused PostgreSQL connection below Prisma, at the adapter", async () => {
    const path = join(tmpdir(), `seed-locked-adapter-${process.pid}.db`);
    const holder = new Database(path);
    // Not WAL: there readers never wait for a writer, and a read is what the lookup does.
    holder.exec("CREATE TABLE t (x INTEGER)");
    const sqlite = await new PrismaBetterSqlite3({ url: `file:${path}`, timeout: 50 }).connect();
    holder.exec("BEGIN EXCLUSIVE");
    try {
      const error = await sqlite.queryRaw({ sql: "SELECT x FROM t", args: [], argTypes: [] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(isTemporarilyUnavailable(error)).toBe(true);
    } finally {
      holder.exec("ROLLBACK");
      holder.close();
      await sqlite.dispose();
      for (const suffix of ["", "-wal", "-shm"]) rmSync(path + suffix, { force: true });
    }
    const postgres = await new PrismaPg({ connectionString: "postgresql://seed@127.0.0.1:1/seed", connectionTimeoutMillis: 2_000 }).connect();
    try {
      const error = await postgres.queryRaw({ sql: "SELECT 1", args: [], argTypes: [] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(isTemporarilyUnavailable(error)).toBe(true);
    } finally {
      await postgres.dispose();
    }
  });

  // On SQLite adapterQuery runs its own prepared statements on the adapter's connection: its errors
  // must still be the adapter's, which is what isTemporarilyUnavailable and the logs read.
  it("gives adapterQuery's errors the adapter's form, and still answers after one", async () => {
    const error = await adapterQuery("SELECT nothing FROM no_such_table WHERE x = ?", ["1"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe("DriverAdapterError");
    expect(isTemporarilyUnavailable(error)).toBe(false);
    expect(await adapterQuery("SELECT ? AS echo", ["kept"])).toEqual([["kept"]]);
  });

  it("recognises a database that cannot be opened", async () => {
    const client = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: "file:/dev/null/not-a-dir/seed.db" }) });
    const error = await client.user.findFirst().catch((e: unknown) => e);
    expect(isTemporarilyUnavailable(error)).toBe(true);
  });

  it("recognises a PostgreSQL server that does not answer", async () => {
    // Port 1: nothing listens there, so the connection is refused at once.
    const adapter = new PrismaPg({ connectionString: "postgresql://seed@127.0.0.1:1/seed", connectionTimeoutMillis: 2_000 });
    const client = new PostgresClient({ adapter });
    try {
      const error = await client.user.findFirst().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(isTemporarilyUnavailable(error)).toBe(true);
    } finally {
      await client.$disconnect();
    }
  });

  // These need the PostgreSQL server of `npm run test:pg`.
  describe.skipIf(TEST_PROVIDER !== "postgresql")("on a PostgreSQL server", () => {
    const busy = "SELECT pg_sleep(1)::text AS slept";
    const holdConnection = "SELECT pg_sleep(3)::text AS slept";
    const clientOf = (options: { max?: number; connectionTimeoutMillis?: number } = {}) =>
      new PostgresClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL!, ...options }) });

    it("recognises a pool that stays full past its connection timeout", async () => {
      // Timings with room for a loaded machine: the one connection is held for 3 s, the wait for
      // it gives up after 1 s.
      const client = clientOf({ max: 1, connectionTimeoutMillis: 1_000 });
      try {
        await client.$queryRaw`SELECT 1`; // connected, so the next query takes the pool's one connection at once
        // catch(): starts the lazy Prisma query, and its own outcome does not matter here.
        const holder = client.$queryRawUnsafe(holdConnection).catch(() => null);
        await new Promise((resolve) => setTimeout(resolve, 300));
        const error = await client.user.findFirst().catch((e: unknown) => e);
        await holder;
        expect(isTemporarilyUnavailable(error)).toBe(true);
      } finally {
        await client.$disconnect();
      }
    });

    it("recognises a connection the server ends (shutdown, restart, admin)", async () => {
      const client = clientOf();
      const admin = clientOf();
      try {
        const pid = (await client.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`)[0]!.pid;
        const victim = client.$queryRawUnsafe(busy).catch((e: unknown) => e);
        await new Promise((resolve) => setTimeout(resolve, 200));
        await admin.$queryRaw`SELECT pg_terminate_backend(${pid}::int)::text`;
        expect(isTemporarilyUnavailable(await victim)).toBe(true); // 57P01
      } finally {
        await Promise.all([client.$disconnect(), admin.$disconnect()]);
      }
    });
  });

  it("recognises a connection that breaks mid-query or cannot be made (a network cut)", () => {
    const reset = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET", syscall: "read" });
    expect(isTemporarilyUnavailable(reset)).toBe(true);
    expect(isTemporarilyUnavailable({ name: "DriverAdapterError", cause: reset })).toBe(true);
    expect(isTemporarilyUnavailable(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }))).toBe(true);
  });

  it("does not mistake bugs for outages", () => {
    expect(isTemporarilyUnavailable(new TypeError("x is not a function"))).toBe(false);
    expect(isTemporarilyUnavailable({ code: "P2002" })).toBe(false);
    expect(isTemporarilyUnavailable({ kind: "postgres", code: "23505", originalCode: "23505" })).toBe(false);
    expect(isTemporarilyUnavailable(null)).toBe(false);
  });
});
