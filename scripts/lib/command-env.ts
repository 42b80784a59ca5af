// The environment of an operator command, set up as `npm start` does it (scripts/start.mjs):
// `.env*` files loaded like Next loads them, DATABASE_URL defaulting to file:./app.db, and the
// project root as working directory so relative SQLite paths name the app's file. Import this
// module first: lib/auth reads its settings from the environment when it loads.
//
// Commands run with `tsx --conditions=react-server`: that is the condition Next builds server code
// with, so `server-only` resolves to its empty module here exactly as it does inside the app.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import nextEnv from "@next/env";

export const root = join(import.meta.dirname, "..", "..");

process.chdir(root);
nextEnv.loadEnvConfig(root, false, { info: () => {}, error: console.error });
process.env.DATABASE_URL ||= "file:./app.db";

/** Applies pending migrations (scripts/migrate.mjs); false, after printing why, when that fails. */
export function applyMigrations(): boolean {
  const result = spawnSync(process.execPath, [join(root, "scripts", "migrate.mjs")], { encoding: "utf8", env: process.env });
  if (result.status === 0) return true;
  process.stderr.write(`${result.stdout ?? ""}${result.stderr ?? ""}`);
  return false;
}
