import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dropTestDatabase, testDatabaseUrl } from "../../tests/support/databases.mjs";

// More app servers beside the suite's main one, running the same build and start script: on a
// database of their own, for tests that must not disturb the shared one (holding its lock,
// stopping it, other settings), or several on one database, as behind a load balancer.

export type AppInstance = {
  baseURL: string;
  /** A `file:` or `postgresql://` URL. */
  databaseUrl: string;
  /** The start script's pid, which leads a process group holding the server processes. */
  pid: number;
  /** Everything the server wrote to stdout and stderr so far. */
  logs: () => string;
  stop: () => Promise<void>;
};

/**
 * Extra instances listen next to the main e2e server (E2E_PORT, 3100 by default): its port plus
 * `offset`, so two suites run side by side with different E2E_PORTs never collide. Each spec file
 * takes offsets of its own (files run in parallel): outage 1, throttling 2, headers 3, secrets 4,
 * logs 5, instances 6 and 7, commands 8, lifecycle 9 and 10, audit events 11 (12–14 kept for
 * the Django import and audit work), request bodies 15, TOTP secrets at rest 16, the stress run 20, cluster 21 (outage-pg takes 1 on PostgreSQL,
 * where outage is skipped); startup checks 95 to 99. (With E2E_PORT=3300, offset 6 is 3306,
 * MySQL's port, taken on this machine by MariaDB.)
 */
export function instancePort(offset: number): number {
  return Number(process.env.E2E_PORT ?? 3100) + offset;
}

export const INSTANCE_SECRET = "instance-secret-instance-secret-0123456789";

export type InstanceOptions = {
  /** Extra environment, e.g. throttling limits or TRUSTED_PROXY_HOPS. */
  env?: Record<string, string>;
  /**
   * Use this database (migrated on start if needed) and keep it on stop, e.g. to restart on the
   * same data or to share it between instances; by default each instance gets a fresh one.
   */
  databaseUrl?: string;
};

/** Applies the migrations to a database, creating it. */
export function migrateDatabase(databaseUrl: string): void {
  const result = spawnSync(process.execPath, ["scripts/migrate.mjs"], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
  if (result.status !== 0) throw new Error(`migrating ${databaseUrl} failed:\n${result.stdout}${result.stderr}`);
}

/**
 * Production refuses to start without a way to send mail: under playwright.config.ts instances
 * send to its SMTP sink (e2e/support/mailbox.ts reads it); elsewhere (stress, soak) they send none.
 */
function mailEnv(port: number): Record<string, string> {
  const smtpUrl = process.env.E2E_SMTP_URL;
  if (!smtpUrl) return { EMAIL_BACKEND: "disabled" };
  return { SMTP_URL: smtpUrl, EMAIL_FROM: "Seed <no-reply@seed.test>", APP_ORIGIN: `http://localhost:${port}` };
}

export async function startAppInstance(port: number, options: InstanceOptions = {}): Promise<AppInstance> {
  const ownsDatabase = !options.databaseUrl;
  const databaseUrl = options.databaseUrl ?? testDatabaseUrl(`instance_${port}`);
  const dir = mkdtempSync(join(tmpdir(), "seed-instance-"));
  const logPath = join(dir, "server.log");
  const log = openSync(logPath, "a");
  const child: ChildProcess = spawn(process.execPath, ["scripts/start.mjs", "--no-build"], {
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      SESSION_SECRET: INSTANCE_SECRET,
      BCRYPT_COST: "4",
      BCRYPT_THREAD_NICE: "0", // as for the main test server (playwright.config.ts)
      NODE_ENV: "production",
      // One process per extra instance (the suite starts many); e2e/cluster.spec.ts asks for two.
      WEB_CONCURRENCY: "1",
      ...mailEnv(port),
      ...options.env,
    },
    stdio: ["ignore", log, log],
    detached: true,
  });
  let finalLogs: string | null = null; // kept when the log file goes at stop
  const logs = () => finalLogs ?? readFileSync(logPath, "utf8");
  const baseURL = `http://localhost:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid, "SIGTERM");
      await exited;
    }
    if (ownsDatabase) await dropTestDatabase(databaseUrl);
    if (finalLogs === null) finalLogs = readFileSync(logPath, "utf8");
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(`${baseURL}/api/health`)).ok) return { baseURL, databaseUrl, pid: child.pid!, logs, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`the app instance on port ${port} did not start`);
}
