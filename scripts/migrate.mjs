#!/usr/bin/env node
// Applies the committed migrations (`prisma migrate deploy`, offline through the WASM schema
// engine shim) to DATABASE_URL, creating the SQLite file when it does not exist.
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
process.env.DATABASE_URL ||= "file:./app.db";
const result = spawnSync(join(root, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
  cwd: root,
  stdio: ["ignore", "pipe", "pipe"],
  env: process.env,
});
if (result.status !== 0) {
  process.stdout.write(result.stdout ?? "");
  process.stderr.write(result.stderr ?? "");
  console.error("seed: applying database migrations failed");
  process.exit(result.status ?? 1);
}
const applied = /(\d+) migrations? (?:found|applied)|No pending migrations/i.exec(String(result.stdout));
console.log(`seed: database ${process.env.DATABASE_URL.startsWith("file:") ? "file" : "server"} is migrated${applied ? ` (${applied[0]})` : ""}`);
