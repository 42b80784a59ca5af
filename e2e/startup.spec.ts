import { spawnSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { instancePort } from "./support/app-instance";

// The app must refuse to run without a usable session secret in production, whichever way it is
// started, and say why.

function run(command: string, args: string[], env: Record<string, string | undefined>) {
  const { SESSION_SECRET: _ignored, ...base } = process.env;
  return spawnSync(command, args, {
    encoding: "utf8",
    timeout: 60_000,
    // EMAIL_BACKEND=disabled: the other checks are under test here; the mail check has its own test.
    env: { ...base, NODE_ENV: "production", DATABASE_URL: "file:/dev/null/not-a-dir/never-created.db", EMAIL_BACKEND: "disabled", ...env },
  });
}

test("npm start refuses to start in production without a secret", () => {
  const result = run(process.execPath, ["scripts/start.mjs"], { PORT: String(instancePort(99)) });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain("SESSION_SECRET is not set");
  expect(result.stderr).toContain("at least 32 characters");
});

test("npm start refuses a secret shorter than 32 characters", () => {
  const result = run(process.execPath, ["scripts/start.mjs"], { PORT: String(instancePort(99)), SESSION_SECRET: "too-short" });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain("at least 32 characters");
});

test("npm start and the server refuse production without a way to send mail, and say how to run without", () => {
  const secret = "a-valid-secret-a-valid-secret-0123456789";
  const noMail = { SESSION_SECRET: secret, EMAIL_BACKEND: "", SMTP_URL: "", APP_ORIGIN: "https://seed.example" };
  const start = run(process.execPath, ["scripts/start.mjs"], { ...noMail, PORT: String(instancePort(99)) });
  expect(start.status).toBe(1);
  expect(start.stderr).toContain("SMTP_URL is not set: set it (and EMAIL_FROM), or EMAIL_BACKEND=disabled to run without mail");
  const server = run("node_modules/.bin/next", ["start", "-p", String(instancePort(94))], noMail); // a port no other test takes
  expect(server.status).toBe(1);
  expect(server.stderr).toContain("SMTP_URL is not set");
  const noOrigin = run(process.execPath, ["scripts/start.mjs"], { ...noMail, SMTP_URL: "smtp://127.0.0.1:25", APP_ORIGIN: "", PORT: String(instancePort(99)) });
  expect(noOrigin.status).toBe(1);
  expect(noOrigin.stderr).toContain("APP_ORIGIN is not set");
});

test("the server itself exits when started without a secret", () => {
  const result = run("node_modules/.bin/next", ["start", "-p", String(instancePort(98))], {});
  expect(result.status).toBe(1);
  expect(result.stderr).toContain("SESSION_SECRET must be set to at least 32 characters");
});

test("the server exits when a setting does not parse, also with several workers", () => {
  const result = run(process.execPath, ["scripts/server.mjs"], {
    PORT: String(instancePort(97)),
    SESSION_SECRET: "a-valid-secret-a-valid-secret-0123456789",
    THROTTLE_LOGIN_ACCOUNT_FREE: "lots",
    WEB_CONCURRENCY: "2",
  });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('THROTTLE_LOGIN_ACCOUNT_FREE must be an integer between 1 and 1000000 (got "lots")');
  expect(result.stderr).toContain("could not start");
});

test("a bad secret stops the server before any worker listens, rather than restarting workers forever", () => {
  // npm start checks SESSION_SECRET itself, but a fallback is only checked by the server.
  const result = run(process.execPath, ["scripts/server.mjs"], {
    PORT: String(instancePort(95)),
    SESSION_SECRET: "a-valid-secret-a-valid-secret-0123456789",
    SESSION_SECRET_FALLBACKS: "x".repeat(40),
    WEB_CONCURRENCY: "2",
  });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain("each of SESSION_SECRET_FALLBACKS has fewer than 8 different characters");
  expect(result.stderr).toContain("could not start");
  expect(result.stdout).not.toContain("listening");
  expect(result.stderr).not.toContain("starting a new one");
});

test("forced collections without --expose-gc stop the server rather than run without them", () => {
  const result = run(process.execPath, ["scripts/server.mjs"], {
    PORT: String(instancePort(96)),
    SESSION_SECRET: "a-valid-secret-a-valid-secret-0123456789",
    SEED_TEST_GC_INTERVAL_MS: "500",
    NODE_OPTIONS: "",
    WEB_CONCURRENCY: "1",
  });
  expect(result.status).not.toBe(0);
  expect(result.stderr).toContain("SEED_TEST_GC_INTERVAL_MS needs --expose-gc in NODE_OPTIONS");
  expect(result.stdout).not.toContain("listening");
});
