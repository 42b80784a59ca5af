import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// A second app server on its own database, for tests that must not disturb the shared one
// (holding its database's lock, stopping it). It runs the same build and start script.

export type AppInstance = { baseURL: string; databasePath: string; stop: () => Promise<void> };

export async function startAppInstance(port: number): Promise<AppInstance> {
  const dir = mkdtempSync(join(tmpdir(), "seed-instance-"));
  const databasePath = join(dir, "app.db");
  const child: ChildProcess = spawn(process.execPath, ["scripts/start.mjs"], {
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: `file:${databasePath}`,
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
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(`${baseURL}/api/health`)).ok) return { baseURL, databasePath, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`the app instance on port ${port} did not start`);
}
