#!/usr/bin/env node
// `npm run migration:new -- <name>`: after the same change to both schemas, writes the migration
// for each provider under one folder name, `<UTC timestamp>_<name>`, and regenerates the clients.
// The SQL comes from `prisma migrate diff --from-migrations … --to-schema …` (offline, through the
// shim), replayed on a throwaway SQLite file and a temporary PostgreSQL database
// (MIGRATION_POSTGRES_URL, by default the local server's `postgres` database).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { prismaPaths } from "../lib/database-url.mjs";

const root = join(import.meta.dirname, "..");
const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run migration:new -- <name>   (lower case letters, digits, underscores)");
  process.exit(1);
}
const work = mkdtempSync(join(tmpdir(), "seed-migration-"));
const databases = {
  sqlite: `file:${join(work, "diff.db")}`,
  postgresql: process.env.MIGRATION_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
};

function prisma(args, env = {}) {
  const result = spawnSync(join(root, "node_modules", ".bin", "prisma"), args, {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
  if (result.status !== 0) throw new Error(`prisma ${args.join(" ")} failed:\n${result.stdout}${result.stderr}`);
}

try {
  const scripts = {};
  for (const [provider, url] of Object.entries(databases)) {
    const { schema, migrations } = prismaPaths(provider);
    const output = join(work, `${provider}.sql`);
    prisma(["migrate", "diff", "--from-migrations", migrations, "--to-schema", schema, "--script", "--output", output], { DATABASE_URL: url });
    scripts[provider] = readFileSync(output, "utf8");
  }
  const empty = Object.entries(scripts).filter(([, sql]) => !/\b(CREATE|ALTER|DROP|INSERT|UPDATE|DELETE)\b/i.test(sql));
  if (empty.length === 2) throw new Error("neither schema has changes that need a migration");
  if (empty.length === 1) throw new Error(`only one schema changed: make the same change in prisma/${empty[0][0]}/schema.prisma`);

  const folder = `${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}_${name}`;
  for (const [provider, sql] of Object.entries(scripts)) {
    const dir = join(root, prismaPaths(provider).migrations, folder);
    mkdirSync(dir); // only now: an empty folder would break the diffs above
    writeFileSync(join(dir, "migration.sql"), sql);
    console.log(`seed: wrote ${prismaPaths(provider).migrations}/${folder}/migration.sql`);
  }
  for (const provider of Object.keys(scripts)) prisma(["generate", "--schema", prismaPaths(provider).schema]);
  console.log("seed: clients regenerated; review the SQL, then `npm run migrate`");
} catch (error) {
  console.error(`seed: ${error.message}`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
