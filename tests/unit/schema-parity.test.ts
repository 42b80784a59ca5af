import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { prismaPaths, type DatabaseProvider } from "@/lib/database-url.mjs";
import { TEST_PROVIDER } from "../support/databases.mjs";

// SQLite and PostgreSQL each have a schema and migrations of their own (Prisma ties both to one
// provider). These checks keep them in step: same models, same migrations, and each provider's
// migrations build exactly what its schema describes.

const PROVIDERS: DatabaseProvider[] = ["sqlite", "postgresql"];

/**
 * The lines allowed to differ between the two schemas. Anything provider-specific that a schema
 * ever needs (a native type such as @db.Timestamptz) must be added here, deliberately.
 */
const PROVIDER_SPECIFIC_LINES = [
  /^provider = "(sqlite|postgresql)"$/, // datasource db
  /^output = "\.\.\/\.\.\/lib\/generated\/(sqlite|postgresql)"$/, // generator client
];

/** The schema without comments, blank lines, indentation and provider-specific lines. */
function normalize(schema: string): string[] {
  return schema
    .split("\n")
    .map((line) =>
      line
        .replace(/\/\/.*$/, "")
        .trim()
        .replace(/\s+/g, " "),
    )
    .filter((line) => line !== "")
    .map((line) => (PROVIDER_SPECIFIC_LINES.some((allowed) => allowed.test(line)) ? "<provider-specific>" : line));
}

const schemaOf = (provider: DatabaseProvider) => readFileSync(prismaPaths(provider).schema, "utf8");

function migrationsOf(provider: DatabaseProvider): string[] {
  const dir = prismaPaths(provider).migrations;
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort();
}

describe("the SQLite and PostgreSQL schemas", () => {
  it("differ only in their provider", () => {
    expect(normalize(schemaOf("postgresql"))).toEqual(normalize(schemaOf("sqlite")));
  });

  it("are really compared (a changed attribute is noticed)", () => {
    const changed = schemaOf("postgresql").replace("@unique", "");
    expect(normalize(changed)).not.toEqual(normalize(schemaOf("sqlite")));
  });

  it("have migrations of the same names, each folder locked to its provider", () => {
    expect(migrationsOf("postgresql")).toEqual(migrationsOf("sqlite"));
    expect(migrationsOf("sqlite").length).toBeGreaterThan(0);
    for (const provider of PROVIDERS) {
      const lock = readFileSync(join(prismaPaths(provider).migrations, "migration_lock.toml"), "utf8");
      expect(lock).toContain(`provider = "${provider}"`);
    }
  });
});

/** `prisma migrate diff` from the replayed migrations to the schema: exit 0 = no difference. */
function diffMigrationsToSchema(provider: DatabaseProvider, databaseUrl: string) {
  const { schema, migrations } = prismaPaths(provider);
  return spawnSync("node_modules/.bin/prisma", ["migrate", "diff", "--from-migrations", migrations, "--to-schema", schema, "--exit-code"], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
}

describe("the migrations", () => {
  it("build exactly what the SQLite schema describes", () => {
    // The engine opens the configured database even for this diff: give it a throwaway file.
    const dir = mkdtempSync(join(tmpdir(), "seed-diff-"));
    try {
      const result = diffMigrationsToSchema("sqlite", `file:${join(dir, "diff.db")}`);
      expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // Replays the migrations in a temporary database on the server: only where one is at hand.
  it.skipIf(TEST_PROVIDER !== "postgresql")("build exactly what the PostgreSQL schema describes", () => {
    const result = diffMigrationsToSchema("postgresql", process.env.DATABASE_URL!);
    expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
  });
});
