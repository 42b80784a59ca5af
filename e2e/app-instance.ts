import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { dropTestDatabase, testDatabaseUrl } from "../tests/support/databases.mjs";

// More app servers beside the suite's main one, running the same build and start script: on a
// database of their own, for tests that must not disturb the shared one (holding its lock,
// stopping it), or several on one database, as behind a load balancer.

export type AppInstance = {
  baseURL: string;
  /** A `file:` or `postgresql://` URL. */
  databaseUrl: string;
  stop: () => Promise<void>;
};

export type InstanceOptions = {
  /** Share this (already migrated) database, and keep it on stop; by default a fresh one is made. */
  databaseUrl?: string;
};

/** Ports for extra instances: after the main server's E2E_PORT, so parallel runs can be moved together. */
export function instancePort(offset: number): number {
  return Number(process.env.E2E_PORT ?? 3100) + offset;
}

/** Applies the migrations to a database, creating it. */
export function migrateDatabase(databaseUrl: string): void {
  const result = spawnSync(process.execPath, ["scripts/migrate.mjs"], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
  if (result.status !== 0) throw new Error(`migrating ${databaseUrl} failed:\n${result.stdout}${result.stderr}`);
}

export async function startAppInstance(port: number, options: InstanceOptions = {}): Promise<AppInstance> {
  const ownsDatabase = !options.databaseUrl;
  const databaseUrl = options.databaseUrl ?? testDatabaseUrl(`instance_${port}`);
  const child: ChildProcess = spawn(process.execPath, ["scripts/start.mjs"], {
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      SESSION_SECRET: "instance-secret-instance-secret-0123456789",
      BCRYPT_COST: "4",
      NODE_ENV: "production",
    },
    stdio: "ignore",
    detached: true,
  });
  const baseURL = `http://localhost:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid, "SIGTERM");
      await exited;
    }
    if (ownsDatabase) await dropTestDatabase(databaseUrl);
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(`${baseURL}/api/health`)).ok) return { baseURL, databaseUrl, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`the app instance on port ${port} did not start`);
}
