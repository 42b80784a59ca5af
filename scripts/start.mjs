#!/usr/bin/env node
// `npm start`: make sure a session secret and an up-to-date database exist, build when the
// sources changed, then serve (scripts/server.mjs). `--dev` serves with hot reload; `--build-only` stops after building; `--no-build` serves the existing build as it is.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import nextEnv from "@next/env";
import { SECRET_MIN_LENGTH as MIN_SECRET_LENGTH, secretProblem } from "../lib/auth/secrets/secret-rules.mjs";
import { requireSupportedNode } from "./bundled-node.mjs";
import { DEFAULT_DATABASE_URL } from "../lib/database-url.mjs";
import { mailSettingsProblem } from "../lib/mail/settings-rules.mjs";
import { memoryLimits } from "./memory-limits.mjs";

await requireSupportedNode();

const root = join(import.meta.dirname, "..");
const args = new Set(process.argv.slice(2));
const dev = args.has("--dev");
const buildOnly = args.has("--build-only");
// Test instances run beside a server using the same build: they must never rebuild under it.
const noBuild = args.has("--no-build");
const bin = (name) => join(root, "node_modules", ".bin", name);

function fail(message) {
  console.error(`\nseed: ${message}\n`);
  process.exit(1);
}

function run(command, commandArgs, env = process.env) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: "inherit", env });
  if (result.status !== 0) fail(`${command.split("/").pop()} ${commandArgs.join(" ")} failed`);
}

/**
 * Outside production a missing secret is generated once into .session-secret (git-ignored, not an
 * env file, so it can never leak into a production start); in production one must be given.
 */
function ensureSessionSecret() {
  const given = process.env.SESSION_SECRET;
  if (given) {
    const problem = secretProblem(given);
    if (problem) fail(`${problem}.`);
    return;
  }
  if (process.env.NODE_ENV === "production") {
    fail(
      `SESSION_SECRET is not set. In production the app will not start without a secret of at ` +
        `least ${MIN_SECRET_LENGTH} characters: set it in the environment (openssl rand -base64 32).`,
    );
  }
  const file = join(root, ".session-secret");
  if (!existsSync(file)) {
    writeFileSync(file, `${randomBytes(32).toString("base64url")}\n`, { mode: 0o600, flag: "wx" });
    console.log("seed: generated a development session secret into .session-secret");
  }
  const stored = readFileSync(file, "utf8").trim();
  if (stored.length < MIN_SECRET_LENGTH) fail(`.session-secret must hold at least ${MIN_SECRET_LENGTH} characters.`);
  process.env.SESSION_SECRET = stored;
}

const SOURCES = [
  "app",
  "lib",
  "middleware.ts",
  "instrumentation.ts",
  "next.config.js",
  "package.json",
  "package-lock.json",
  "tsconfig.json",
  "prisma/sqlite/schema.prisma",
  "prisma/postgresql/schema.prisma",
];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, entry) => Math.max(max, newestMtime(join(path, entry))), stat.mtimeMs);
}

function buildIsStale() {
  const buildId = join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return SOURCES.some((source) => newestMtime(join(root, source)) > built);
}

function serve(command, commandArgs) {
  // Development builds need more heap than production serving; limits apply to production only.
  let limits = { flags: [], env: process.env };
  if (!dev) {
    try {
      limits = memoryLimits();
    } catch (error) {
      fail(error.message);
    }
  }
  const child = spawn(command, [...limits.flags, ...commandArgs], { cwd: root, stdio: "inherit", env: limits.env });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

nextEnv.loadEnvConfig(root, dev);
process.env.DATABASE_URL ||= DEFAULT_DATABASE_URL;

if (buildOnly) {
  if (buildIsStale()) run(bin("next"), ["build"]);
  process.exit(0);
}
ensureSessionSecret();
// The server checks these too; here a bad value stops the start before migrating and building.
const mailProblem = mailSettingsProblem(process.env);
if (mailProblem) fail(`${mailProblem}.`);
run(process.execPath, [join(root, "scripts", "migrate.mjs")]);
if (!dev && !noBuild && buildIsStale()) run(bin("next"), ["build"]);
serve(process.execPath, [join(root, "scripts", "server.mjs"), ...(dev ? ["--dev"] : [])]);
