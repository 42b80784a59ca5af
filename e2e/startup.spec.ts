import { spawnSync } from "node:child_process";
import { expect, test } from "@playwright/test";

// The app must refuse to run without a usable session secret in production, whichever way it is
// started, and say why.

function run(command: string, args: string[], env: Record<string, string | undefined>) {
  const { SESSION_SECRET: _ignored, ...base } = process.env;
  return spawnSync(command, args, {
    encoding: "utf8",
    timeout: 60_000,
    env: { ...base, NODE_ENV: "production", DATABASE_URL: "file:/dev/null/not-a-dir/never-created.db", ...env },
  });
}

test("npm start refuses to start in production without a secret", () => {
  const result = run(process.execPath, ["scripts/start.mjs"], { PORT: "3199" });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain("SESSION_SECRET is not set");
  expect(result.stderr).toContain("at least 32 characters");
});

test("npm start refuses a secret shorter than 32 characters", () => {
  const result = run(process.execPath, ["scripts/start.mjs"], { PORT: "3199", SESSION_SECRET: "too-short" });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain("at least 32 characters");
});

test("the server itself exits when started without a secret", () => {
  const result = run("node_modules/.bin/next", ["start", "-p", "3198"], {});
  expect(result.status).toBe(1);
  expect(result.stderr).toContain("SESSION_SECRET must be set to at least 32 characters");
});
