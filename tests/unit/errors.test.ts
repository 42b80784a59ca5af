import Database from "better-sqlite3";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "@/lib/auth/errors";
import { PrismaClient } from "@/lib/generated/prisma/client";

describe("isDatabaseUnavailable", () => {
  it("recognises a locked SQLite database", async () => {
    const path = join(tmpdir(), `seed-locked-${process.pid}.db`);
    const holder = new Database(path);
    holder.exec("PRAGMA journal_mode = WAL; CREATE TABLE t (x INTEGER)");
    const client = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: `file:${path}`, timeout: 50 }) });
    holder.exec("BEGIN EXCLUSIVE");
    try {
      const error = await client.$executeRawUnsafe("INSERT INTO t (x) VALUES (1)").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(isDatabaseUnavailable(error)).toBe(true);
    } finally {
      holder.exec("ROLLBACK");
      holder.close();
      await client.$disconnect();
      for (const suffix of ["", "-wal", "-shm"]) rmSync(path + suffix, { force: true });
    }
  });

  it("recognises a database that cannot be opened", async () => {
    const client = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: "file:/dev/null/not-a-dir/seed.db" }) });
    const error = await client.user.findFirst().catch((e: unknown) => e);
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it("does not mistake bugs for outages", () => {
    expect(isDatabaseUnavailable(new TypeError("x is not a function"))).toBe(false);
    expect(isDatabaseUnavailable({ code: "P2002" })).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
