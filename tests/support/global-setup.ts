import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";

// Migrates the test database with the real migration path (prisma migrate deploy via the shim).
export default function setup(): () => void {
  const url = process.env.DATABASE_URL;
  if (!url?.startsWith("file:")) throw new Error("unit tests need a file: DATABASE_URL");
  const result = spawnSync(process.execPath, ["scripts/migrate.mjs"], { encoding: "utf8", env: process.env });
  if (result.status !== 0) throw new Error(`migration failed:\n${result.stdout}\n${result.stderr}`);
  const path = url.slice("file:".length);
  return () => {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(path + suffix, { force: true });
  };
}
