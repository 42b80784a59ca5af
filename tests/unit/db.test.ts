import { describe, expect, it } from "vitest";
import { databaseProvider } from "@/lib/database-url.mjs";
import { db, poolSize } from "@/lib/db";
import { TEST_PROVIDER } from "../support/databases.mjs";

describe("lib/db", () => {
  it("talks to the database DATABASE_URL names", async () => {
    expect(databaseProvider(process.env.DATABASE_URL!)).toBe(TEST_PROVIDER);
    const version =
      TEST_PROVIDER === "postgresql"
        ? (await db.$queryRaw<{ v: string }[]>`SELECT version() AS v`)[0]?.v
        : (await db.$queryRaw<{ v: string }[]>`SELECT 'SQLite ' || sqlite_version() AS v`)[0]?.v;
    expect(version).toMatch(TEST_PROVIDER === "postgresql" ? /^PostgreSQL / : /^SQLite /);
  });

  it("chooses the provider from the URL scheme and refuses others", () => {
    expect(databaseProvider("file:./app.db")).toBe("sqlite");
    expect(databaseProvider("postgres://u@h/db")).toBe("postgresql");
    expect(databaseProvider("postgresql://u@h:5432/db?schema=x")).toBe("postgresql");
    expect(() => databaseProvider("mysql://u@h/db")).toThrow(/must be a SQLite "file:" or a "postgresql:\/\/" URL/);
  });

  it("reads the pool size from DATABASE_POOL_SIZE", () => {
    expect(poolSize(undefined)).toBe(10);
    expect(poolSize("25")).toBe(25);
    for (const bad of ["0", "-1", "2.5", "ten"]) expect(() => poolSize(bad)).toThrow(/DATABASE_POOL_SIZE/);
  });
});
