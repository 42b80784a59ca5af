import { spawnSync } from "node:child_process";
import { dropTestDatabase } from "./databases.mjs";

// Creates and migrates the test database with the real migration path (scripts/migrate.mjs:
// prisma migrate deploy via the shim), and drops it afterwards.
export default function setup(): () => Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("vitest.config.ts sets DATABASE_URL");
  const result = spawnSync(process.execPath, ["scripts/migrate.mjs"], { encoding: "utf8", env: process.env });
  if (result.status !== 0) throw new Error(`migration failed:\n${result.stdout}\n${result.stderr}`);
  return () => dropTestDatabase(url);
}
