import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// A second app server on its own database, for tests that must not disturb the shared one
// (holding its database's lock, stopping it). It runs the same build and start script.

export type AppInstance = {
  baseURL: string;
  databasePath: string;
  /** Everything the server wrote to stdout and stderr so far. */
  logs: () => string;
  stop: () => Promise<void>;
};

/**
 * Extra instances listen next to the main e2e server (E2E_PORT, 3100 by default): its port plus
 * `offset`, so two suites run side by side with different E2E_PORTs never collide. Each spec file
 * takes offsets of its own (files run in parallel): outage 1, throttling 2, headers 3, secrets 4,
 * logs 5, commands 8, lifecycle 9 and 10; 6 and 7 are kept for the PostgreSQL branch's instances
 * spec. (With E2E_PORT=3300, offset 6 is 3306, MySQL's port, taken on this machine by MariaDB.)
 */
export function instancePort(offset: number): number {
  return Number(process.env.E2E_PORT ?? 3100) + offset;
}

export const INSTANCE_SECRET = "instance-secret-instance-secret-0123456789";

export type InstanceOptions = {
  /** Extra environment, e.g. throttling limits or TRUSTED_PROXY_HOPS. */
  env?: Record<string, string>;
  /** Reuse a database (and keep it on stop), e.g. to restart on the same data. */
  databasePath?: string;
};

export async function startAppInstance(port: number, options: InstanceOptions = {}): Promise<AppInstance> {
  const dir = mkdtempSync(join(tmpdir(), "seed-instance-"));
  const databasePath = options.databasePath ?? join(dir, "app.db");
  const logPath = join(dir, "server.log");
  const log = openSync(logPath, "a");
  const child: ChildProcess = spawn(process.execPath, ["scripts/start.mjs", "--no-build"], {
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: `file:${databasePath}`,
      SESSION_SECRET: INSTANCE_SECRET,
      BCRYPT_COST: "4",
      NODE_ENV: "production",
      ...options.env,
    },
    stdio: ["ignore", log, log],
    detached: true,
  });
  const logs = () => readFileSync(logPath, "utf8");
  const baseURL = `http://localhost:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid, "SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(`${baseURL}/api/health`)).ok) return { baseURL, databasePath, logs, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`the app instance on port ${port} did not start`);
}
