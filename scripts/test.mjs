#!/usr/bin/env node
// `npm test`: every suite, on a fresh database each, ending with one line
// `tests: N passed, M failed`. Finds or installs what it needs first (Debian's Chromium, and
// python3-django for the Django import tests).
// --unit-only / --e2e-only run one suite. --pg (`npm run test:pg`) runs the same suites on fresh
// databases on the local PostgreSQL server (TEST_POSTGRES_URL) instead of SQLite files.
// --stress (`npm run test:stress`, with --pg `npm run test:stress:pg`) runs only the sustained-load
// run in stress/ (STRESS_SECONDS, STRESS_CLIENTS). --soak (`npm run test:soak`, `test:soak:pg`) runs
// the soak run in stress/soak.spec.ts (SOAK_SECONDS, SOAK_CLIENTS, SOAK_MAX_RSS_SLOPE).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { requireSupportedNode } from "./bundled-node.mjs";

await requireSupportedNode();

const root = join(import.meta.dirname, "..");
const args = new Set(process.argv.slice(2));
// Read by tests/support/databases.mjs, here and in every process the suites start.
process.env.SEED_TEST_DATABASE = args.has("--pg") ? "postgresql" : "sqlite";
const { checkPostgresServer, dropTestRun, testRun } = await import("../tests/support/databases.mjs");
testRun(); // one name prefix for every database of this run, so they can all be dropped at the end
const bin = (name) => join(root, "node_modules", ".bin", name);
const work = mkdtempSync(join(tmpdir(), "seed-test-"));

function run(command, commandArgs, env = {}) {
  return spawnSync(command, commandArgs, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } }).status;
}

function ensureChromium() {
  const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (existsSync(path)) return path;
  if (process.getuid?.() !== 0) {
    throw new Error(`Chromium not found at ${path}: install Debian's chromium (sudo apt-get install chromium) or set CHROMIUM_PATH`);
  }
  console.log("seed: installing Debian's chromium for the browser tests");
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  if (run("apt-get", ["update", "-qq"], env) !== 0 || run("apt-get", ["install", "-y", "-qq", "chromium"], env) !== 0) {
    throw new Error("apt-get install chromium failed");
  }
  return path;
}

/**
 * Debian's python3-django, for the Django import tests (e2e/django-import.spec.ts): installed when
 * missing, as root. Without it only those tests fail, each saying why.
 */
function ensureDjango() {
  if (spawnSync("/usr/bin/python3", ["-c", "import django"]).status === 0) return;
  if (process.getuid?.() !== 0) {
    console.log("seed: python3-django is missing and this is not root: the Django import tests will fail (apt-get install python3-django)");
    return;
  }
  console.log("seed: installing Debian's python3-django for the Django import tests");
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  if (run("apt-get", ["update", "-qq"], env) !== 0 || run("apt-get", ["install", "-y", "-qq", "python3-django"], env) !== 0) {
    console.log("seed: apt-get install python3-django failed: the Django import tests will fail");
  }
}

function unitSuite() {
  const report = join(work, "vitest.json");
  const status = run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`]);
  if (!existsSync(report)) return { passed: 0, failed: 1, status };
  const r = JSON.parse(readFileSync(report, "utf8"));
  // A file that fails to load counts as a failure even though it ran no test.
  const broken = r.testResults.filter((f) => f.status === "failed" && f.assertionResults.length === 0);
  const names = [
    ...broken.map((f) => `${relative(root, f.name)} (did not load)`),
    ...r.testResults.flatMap((f) => f.assertionResults.filter((a) => a.status === "failed").map((a) => `${relative(root, f.name)} › ${a.fullName}`)),
  ];
  return { passed: r.numPassedTests, failed: r.numFailedTests + broken.length, status, names };
}

function e2eSuite(config) {
  const chromium = config ? undefined : ensureChromium();
  if (!config) ensureDjango();
  if (run(process.execPath, [join(root, "scripts", "start.mjs"), "--build-only"]) !== 0) {
    return { passed: 0, failed: 1, status: 1 };
  }
  const report = join(work, "playwright.json");
  const env = { PLAYWRIGHT_JSON_OUTPUT_NAME: report, ...(chromium ? { CHROMIUM_PATH: chromium } : {}) };
  const status = run(bin("playwright"), ["test", ...(config ? ["--config", config] : [])], env);
  if (!existsSync(report)) return { passed: 0, failed: 1, status };
  const { stats, suites: files } = JSON.parse(readFileSync(report, "utf8"));
  return { passed: stats.expected + stats.flaky, failed: stats.unexpected, status, names: unexpectedTests(files) };
}

/** `file:line › title` of each test in a Playwright JSON report that did not end as expected. */
function unexpectedTests(suites = []) {
  return suites.flatMap((suite) => [
    ...(suite.specs ?? []).flatMap((spec) => spec.tests.filter((t) => t.status === "unexpected").map(() => `${spec.file}:${spec.line} › ${spec.title}`)),
    ...unexpectedTests(suite.suites),
  ]);
}

console.log(`seed: Node ${process.version} (${process.execPath})`);
const suites = [];
try {
  if (args.has("--pg")) await checkPostgresServer();
  if (args.has("--stress")) suites.push(e2eSuite("playwright.stress.config.ts"));
  else if (args.has("--soak")) suites.push(e2eSuite("playwright.soak.config.ts"));
  else {
    if (!args.has("--e2e-only")) suites.push(unitSuite());
    if (!args.has("--unit-only")) suites.push(e2eSuite());
  }
} catch (error) {
  console.error(`seed: ${error.message}`);
  suites.push({ passed: 0, failed: 1, status: 1 });
} finally {
  rmSync(work, { recursive: true, force: true });
  // Normally nothing is left; this catches what a crashed suite could not drop.
  const left = await dropTestRun().catch(() => 0);
  if (left > 0) console.log(`seed: dropped ${left} test database(s) left behind`);
}
const passed = suites.reduce((n, s) => n + s.passed, 0);
const failed = suites.reduce((n, s) => n + s.failed, 0);
const ok = failed === 0 && suites.every((s) => s.status === 0) && passed > 0;
// Repeated just above the summary, so the tail of a long log says which tests failed.
for (const name of suites.flatMap((s) => s.names ?? [])) console.log(`seed: failed: ${name}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(ok ? 0 : 1);
