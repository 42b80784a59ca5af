import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { TEST_PROVIDER, dropTestDatabase, testDatabaseUrl } from "../support/databases.mjs";

function migrate(url: string) {
  return spawnSync(process.execPath, ["scripts/migrate.mjs"], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: url },
  });
}

describe("scripts/migrate.mjs", () => {
  it("creates and migrates a new file, then leaves an up-to-date one alone even while it is open", () => {
    const dir = mkdtempSync(join(tmpdir(), "seed-migrate-"));
    const url = `file:${join(dir, "app.db")}`;
    try {
      const first = migrate(url);
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout).toContain("database migrated");

      const db = new Database(join(dir, "app.db"));
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
      expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(["auth_user", "auth_session", "_prisma_migrations"]));
      // An app holding the database open (WAL) would make the engine's exclusive lock fail.
      db.pragma("journal_mode = WAL");
      db.prepare("SELECT count(*) FROM auth_user").get();
      const second = migrate(url);
      db.close();
      expect(second.status, second.stderr).toBe(0);
      expect(second.stdout).toContain("database is up to date");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(TEST_PROVIDER !== "postgresql")("creates and migrates a new PostgreSQL database, then skips the engine", async () => {
    const url = testDatabaseUrl("migrate");
    try {
      const first = migrate(url);
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout).toContain("database migrated");

      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
      await client.end();
      expect(rows.map((r) => r.tablename)).toEqual(expect.arrayContaining(["auth_user", "auth_session", "_prisma_migrations"]));

      const second = migrate(url);
      expect(second.status, second.stderr).toBe(0);
      expect(second.stdout).toContain("database is up to date");
    } finally {
      await dropTestDatabase(url);
    }
  });

  it.skipIf(TEST_PROVIDER !== "postgresql")("with ?schema=, the tables go to that schema, and the next run finds it up to date", async () => {
    const base = testDatabaseUrl("migrate_schema");
    const url = `${base}?schema=tenant_a`;
    try {
      const first = migrate(url);
      expect(first.status, first.stderr).toBe(0);
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      const tables = async (schema: string) =>
        (await client.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = $1", [schema])).rows.map((r) => r.tablename);
      const inSchema = await tables("tenant_a");
      const inPublic = await tables("public");
      await client.end();
      expect(inSchema).toEqual(expect.arrayContaining(["auth_user", "auth_session", "auth_throttle", "_prisma_migrations"]));
      expect(inPublic).toEqual([]);

      const second = migrate(url);
      expect(second.status, second.stderr).toBe(0);
      expect(second.stdout).toContain("database is up to date");
    } finally {
      await dropTestDatabase(base);
    }
  });
});
