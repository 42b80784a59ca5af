#!/usr/bin/env node
// `npm run bench`: builds and starts the production server (`npm start`: WEB_CONCURRENCY workers)
// on a fresh database (SQLite, or PostgreSQL when DATABASE_URL says so), creates users, and drives
// it with autocannon from this process. Each scenario runs after a warm-up and prints one row;
// all of them go to bench/results.json.
//   npm run bench -- --base-url http://127.0.0.1:8001   drive a server already running (the Django
//                                                        peer has the same API)
//   npm run bench -- --peer django=http://127.0.0.1:8001 --peer better-auth=http://127.0.0.1:8002
//                                                        also run the comparable scenarios against
//                                                        each peer, interleaved with ours (a URL
//                                                        without a name is the Django peer)
//   BENCH_RUNS=3 npm run bench                           repeat everything; report medians
//   BENCH_SECONDS=10 BENCH_CONNECTIONS=32 BENCH_SCENARIOS="health login" npm run bench
// At the end it prints the issue's ratios (docs/PERFORMANCE.md) against their goals.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import autocannon from "autocannon";
import { requireSupportedNode } from "../scripts/bundled-node.mjs";

await requireSupportedNode();

const root = join(import.meta.dirname, "..");
const argv = process.argv.slice(2);
const baseArg = argv.indexOf("--base-url");
const external = baseArg >= 0 ? argv[baseArg + 1] : null;
/** The peers, by name: `--peer [name=]URL`, repeatable; an unnamed one is the Django peer. */
const peers = argv.flatMap((arg, i) => {
  if (arg !== "--peer") return [];
  const value = argv[i + 1];
  const named = /^([a-z][a-z0-9-]*)=(.+)$/.exec(value);
  return [{ name: named ? named[1] : "django", base: (named ? named[2] : value).replace(/\/$/, "") }];
});
const RUNS = Number(process.env.BENCH_RUNS ?? 1);
const BCRYPT_COST = Number(process.env.BCRYPT_COST ?? 12);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const LOGIN_USERS = Number(process.env.BENCH_LOGIN_USERS ?? 64);
// `bare` runs right before `profile_html_auth`: their ratio is a target, and this machine drifts by
// a third within minutes, so the two are measured back to back (the peers likewise, per scenario).
const ALL = ["health", "home_anon", "api_profile_auth", "bare", "profile_html_auth", "profile_anon_redirect", "bcrypt_core", "login", "login_storm", "mixed"];
// The scenarios compared with the peers (same paths, same API). They run under wrk on every server:
// gunicorn's sync workers close the connection after every response, which autocannon's latency
// figures do not survive (seconds of p50 at thousands of requests per second).
const PEER_SCENARIOS = new Set(["api_profile_auth", "profile_html_auth", "profile_anon_redirect", "login"]);
const scenarios = (process.env.BENCH_SCENARIOS ?? ALL.join(" ")).split(/\s+/).filter(Boolean);

const progress = (message) => process.stderr.write(`bench: ${message}\n`);

async function startServer() {
  progress("building (skipped when the build is current)");
  const build = spawnSync(process.execPath, [join(root, "scripts", "start.mjs"), "--build-only"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) throw new Error("the build failed");
  const work = mkdtempSync(join(tmpdir(), "seed-bench-"));
  const port = Number(process.env.BENCH_PORT ?? 3900);
  const postgres = /^postgres(ql)?:/.test(process.env.DATABASE_URL ?? "");
  const databaseUrl = postgres ? freshPostgresUrl(process.env.DATABASE_URL) : `file:${join(work, "bench.db")}`;
  const env = {
    ...process.env,
    NODE_ENV: "production",
    EMAIL_BACKEND: "disabled", // the scenarios send no mail; production would otherwise need SMTP_URL
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    SESSION_SECRET: randomBytes(32).toString("hex"),
    LOG_LEVEL: "warn",
    // The floor page (app/bench/bare), a 404 everywhere else.
    SEED_BENCH_PAGES: "1",
    // The login scenario logs the same users in thousands of times from one address.
    THROTTLE_LOGIN_ACCOUNT_FREE: "1000000",
    THROTTLE_LOGIN_ACCOUNT_DAILY: "100000",
    THROTTLE_LOGIN_CLIENT_FREE: "1000000",
    THROTTLE_SIGNUP_CLIENT_FREE: "1000000",
    THROTTLE_SESSION_CLIENT_FREE: "1000000",
  };
  progress(
    `starting the server on ${postgres ? "PostgreSQL" : "SQLite"} (WEB_CONCURRENCY=${process.env.WEB_CONCURRENCY ?? `${cpus().length}, one per core`}); throttling raised for this run`,
  );
  const child = spawn(process.execPath, [join(root, "scripts", "start.mjs"), "--no-build"], {
    cwd: root,
    env,
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error("the server exited");
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      // not yet
    }
    await sleep(250);
  }
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid, "SIGTERM");
      await exited;
    }
    if (postgres) dropPostgres(databaseUrl);
    rmSync(work, { recursive: true, force: true });
  };
  return { base, stop, pgid: child.pid, database: postgres ? "postgresql" : "sqlite" };
}

function freshPostgresUrl(url) {
  const parsed = new URL(url);
  parsed.pathname = `/seed_bench_${Date.now()}`;
  return parsed.toString();
}

function dropPostgres(url) {
  const parsed = new URL(url);
  const name = parsed.pathname.slice(1);
  parsed.pathname = "/postgres";
  spawnSync("psql", [parsed.toString(), "-qc", `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`], { stdio: "ignore" });
}

/** Resident memory of every process in the server's process group, in MB. */
function groupRss(pgid) {
  const rss = [];
  for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue;
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      const cmd =
        readFileSync(`/proc/${pid}/cmdline`, "utf8")
          .split("\0")
          .find((arg) => arg.endsWith(".mjs")) ?? "node";
      rss.push({ pid: Number(pid), command: cmd.split("/").slice(-2).join("/"), rssMb: Math.round(kb / 1024) });
    } catch {
      // gone
    }
  }
  return rss;
}

const form = (fields) => new URLSearchParams(fields).toString();

async function post(base, path, fields, cookie) {
  const send = () =>
    fetch(`${base}${path}`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", ...(cookie ? { cookie } : {}) },
      body: form(fields),
    });
  try {
    return await send();
  } catch (error) {
    // A pooled connection the server closed at its keep-alive timeout just as it was reused: fetch
    // does not retry a POST by itself. Once more, on a new connection.
    if (error?.cause?.code !== "UND_ERR_SOCKET") throw error;
    return send();
  }
}

function cookieOf(response) {
  return response.headers
    .getSetCookie()
    .map((value) => value.split(";")[0])
    .join("; ");
}

async function createUsers(base, count) {
  const users = [];
  for (let i = 0; i < count; i++) {
    const user = { username: `bench_${randomBytes(5).toString("hex")}`, password: `pw-${randomBytes(12).toString("base64url")}` };
    const response = await post(base, "/api/signup", user);
    if (response.status !== 201) throw new Error(`signup answered ${response.status}: ${await response.text()}`);
    users.push(user);
    if ((i + 1) % 16 === 0) progress(`created ${i + 1}/${count} users`);
  }
  return users;
}

async function login(base, user) {
  const response = await post(base, "/api/login", user);
  if (response.status !== 200) throw new Error(`login answered ${response.status}`);
  return cookieOf(response);
}

function cannon(options) {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ connections: CONNECTIONS, timeout: 30, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
    autocannon.track(instance, { renderProgressBar: process.stderr.isTTY, renderResultsTable: false, renderLatencyTable: false });
  });
}

const rate = (perSecond) => (perSecond < 100 ? Number(perSecond.toFixed(2)) : Math.round(perSecond));

function row(name, result, extra = {}) {
  const errors = result.errors + result.timeouts + result.non2xx - (extra.expectedNon2xx ? result.non2xx : 0);
  return {
    scenario: name,
    // Completed responses over the run's own duration; two decimals for slow ones (logins).
    rps: rate(result.requests.total / result.duration),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors,
    requests: result.requests.total,
    ...Object.fromEntries(Object.entries(extra).filter(([key]) => key !== "expectedNon2xx")),
  };
}

async function measure(name, options, extra, drain) {
  progress(`${name}: warm-up ${WARMUP} s, then ${SECONDS} s`);
  if (WARMUP > 0) await cannon({ ...options, duration: WARMUP });
  if (drain) await drain();
  return row(name, await cannon({ ...options, duration: SECONDS }), extra);
}

/**
 * Waits until the logins the warm-up left queued are done: the server hashes them even though
 * autocannon closed their connections, and their seconds of bcrypt work would count against the
 * measured run. The hashing queues are first in, first out, so a few logins on fresh connections
 * (at least one per server process) return only once everything before them is done.
 */
async function drainLogins(base, users) {
  const started = performance.now();
  await Promise.all(users.slice(0, 2 * cpus().length).map((user) => post(base, "/api/login", user).then((r) => r.arrayBuffer())));
  progress(`logins queued by the warm-up drained in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

function loginRequests(users) {
  let next = 0;
  return [
    {
      method: "POST",
      path: "/api/login",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      setupRequest: (request) => ({ ...request, body: form(users[next++ % users.length]) }),
    },
  ];
}

/**
 * One core's bcrypt rate at the server's cost: bcryptjs in a child process pinned to each core in
 * turn (this machine's two cores are not equal), while the server is idle. Logins per second can
 * be compared with it: two cores should give close to twice the mean.
 */
function bcryptCoreRate() {
  const seconds = Math.max(2, Math.round(SECONDS / 2));
  const script = `const b=require("bcryptjs");const h=b.hashSync("x",${BCRYPT_COST});b.compareSync("x",h);let n=0;const t=process.hrtime.bigint();const end=Date.now()+${seconds * 1000};while(Date.now()<end){b.compareSync("x",h);n++}console.log(n/(Number(process.hrtime.bigint()-t)/1e9))`;
  const perCore = cpus().map((_, core) => {
    const run = spawnSync("taskset", ["-c", String(core), process.execPath, "-e", script], { cwd: root, encoding: "utf8" });
    if (run.status !== 0) throw new Error(`bcrypt rate on core ${core}: ${run.stderr}`);
    return Number(Number(run.stdout.trim()).toFixed(2));
  });
  const mean = perCore.reduce((a, b) => a + b, 0) / perCore.length;
  return {
    scenario: "bcrypt_core",
    rps: Number(mean.toFixed(2)),
    p50: null,
    p99: null,
    errors: 0,
    requests: null,
    perCore,
    note: `bcrypt cost ${BCRYPT_COST}, per core: ${perCore.join(", ")} hashes/s`,
  };
}

/**
 * bcrypt on every core at once, one child pinned to each: what the machine itself gives two
 * hashing threads (two busy cores share caches and the host), the ceiling for logins per second.
 */
async function bcryptAllCoresRate() {
  const seconds = Math.max(2, Math.round(SECONDS / 2));
  const script = `const b=require("bcryptjs");const h=b.hashSync("x",${BCRYPT_COST});b.compareSync("x",h);let n=0;const t=process.hrtime.bigint();const end=Date.now()+${seconds * 1000};while(Date.now()<end){b.compareSync("x",h);n++}console.log(n/(Number(process.hrtime.bigint()-t)/1e9))`;
  const rates = await Promise.all(
    cpus().map(
      (_, core) =>
        new Promise((resolve, reject) => {
          const child = spawn("taskset", ["-c", String(core), process.execPath, "-e", script], { cwd: root });
          let out = "";
          child.stdout.on("data", (chunk) => (out += chunk));
          child.on("error", reject);
          child.on("exit", (code) => (code === 0 ? resolve(Number(out.trim())) : reject(new Error(`bcrypt on core ${core} exited ${code}`))));
        }),
    ),
  );
  const total = rates.reduce((a, b) => a + b, 0);
  return {
    scenario: "bcrypt_all_cores",
    rps: Number(total.toFixed(2)),
    p50: null,
    p99: null,
    errors: 0,
    requests: null,
    note: `all cores hashing at once: ${rates.map((r) => r.toFixed(2)).join(" + ")} hashes/s`,
  };
}

/** The one-core rate read before and after the login run, so that drift during it cancels out. */
function bracketed(before, after) {
  const perCore = before.perCore.map((rate, core) => Number(((rate + after.perCore[core]) / 2).toFixed(2)));
  return {
    ...before,
    rps: Number(((before.rps + after.rps) / 2).toFixed(2)),
    perCore,
    note: `bcrypt cost ${BCRYPT_COST}, mean of the readings before (${before.rps}) and after (${after.rps}) the login run; per core: ${perCore.join(", ")} hashes/s`,
  };
}

const WRK_SCRIPT = `
wrk.method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
if body and body ~= "" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRKRESULT %.2f %.3f %.3f %d %d\\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000.0, latency:percentile(99) / 1000.0, e.status, e.connect + e.read + e.write + e.timeout))
end
`;

/** One wrk run (2 threads, the same connections and durations as autocannon's), as a row. */
function wrkRow(name, url, headers, body = null) {
  const script = join(mkdtempSync(join(tmpdir(), "seed-wrk-")), "report.lua");
  writeFileSync(script, WRK_SCRIPT);
  const run = (seconds) =>
    spawnSync(
      "wrk",
      [
        "-t",
        "2",
        "-c",
        String(CONNECTIONS),
        "-d",
        `${seconds}s`,
        "--timeout",
        "30s",
        "-s",
        script,
        ...Object.entries(headers).flatMap(([key, value]) => ["-H", `${key}: ${value}`]),
        url,
      ],
      { encoding: "utf8", env: { ...process.env, BENCH_METHOD: body ? "POST" : "GET", BENCH_BODY: body ?? "" } },
    );
  if (WARMUP > 0) run(WARMUP);
  const result = run(SECONDS);
  rmSync(dirname(script), { recursive: true, force: true });
  const line = /^WRKRESULT (\S+) (\S+) (\S+) (\d+) (\d+)$/m.exec(result.stdout ?? "");
  if (!line) throw new Error(`wrk gave no result for ${name}: ${result.stderr || result.stdout}`);
  const [rps, p50, p99, statusErrors, socketErrors] = line.slice(1).map(Number);
  return { scenario: name, tool: "wrk", rps: rate(rps), p50, p99, errors: statusErrors + socketErrors, requests: null };
}

/** Does this server have the path (the Django peer has no /api/health and no home page)? */
async function serves(base, path) {
  const response = await fetch(`${base}${path}`, { redirect: "manual" });
  await response.arrayBuffer();
  return response.status !== 404;
}

/** Runs one scenario against one server and returns its row, or null when the server lacks it. */
async function runScenario(name, server, session) {
  const { base } = server;
  const { users, cookie } = session;
  const withCookie = { headers: { cookie } };
  if (name === "health") return (await serves(base, "/api/health")) ? measure(name, { url: `${base}/api/health` }) : null;
  if (name === "home_anon") return (await serves(base, "/api/health")) ? measure(name, { url: `${base}/` }) : null;
  if (name === "bare") return (await serves(base, "/bench/bare")) ? measure(name, { url: `${base}/bench/bare` }) : null;
  if (name === "api_profile_auth") return measure(name, { url: `${base}/api/profile`, ...withCookie });
  if (name === "profile_html_auth") return measure(name, { url: `${base}/profile`, ...withCookie });
  if (name === "profile_anon_redirect") return measure(name, { url: `${base}/profile` }, { expectedNon2xx: true });
  if (name === "bcrypt_core") return server.external ? null : bcryptCoreRate();
  if (name === "login") {
    return measure(name, { url: base, requests: loginRequests(users) }, { note: "throttling raised for this run" }, () => drainLogins(base, users));
  }
  if (name === "login_storm") {
    progress("login_storm: api_profile_auth alone, then while 16 clients log in");
    await drainLogins(base, users);
    const idle = await cannon({ url: `${base}/api/profile`, ...withCookie, duration: SECONDS });
    const [storm, logins] = await Promise.all([
      cannon({ url: `${base}/api/profile`, ...withCookie, duration: SECONDS }),
      cannon({ url: base, connections: 16, requests: loginRequests(users), duration: SECONDS }),
    ]);
    return row(name, storm, {
      idleP99: idle.latency.p99,
      p99Ratio: Number((storm.latency.p99 / Math.max(1, idle.latency.p99)).toFixed(2)),
      logins: logins.requests.total,
      note: `idle p99 ${idle.latency.p99} ms; ${logins.requests.total} logins meanwhile`,
    });
  }
  if (name === "mixed") {
    const choose = () => {
      const roll = Math.random() * 100;
      if (roll < 90) return { method: "GET", path: "/api/profile", headers: { cookie } };
      if (roll < 98) return { method: "GET", path: "/profile", headers: { cookie } };
      const user = users[Math.floor(Math.random() * users.length)];
      return { method: "POST", path: "/api/login", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form(user) };
    };
    let rss = [];
    const sampler = setInterval(() => {
      if (!server.pgid) return;
      for (const sample of groupRss(server.pgid)) {
        const known = rss.find((r) => r.pid === sample.pid);
        if (!known) rss.push(sample);
        else known.rssMb = Math.max(known.rssMb, sample.rssMb);
      }
    }, 500);
    const result = await measure(name, { url: base, requests: [{ setupRequest: (request) => ({ ...request, ...choose() }) }] }, {}, () =>
      drainLogins(base, users),
    );
    clearInterval(sampler);
    rss = rss.filter((r) => r.rssMb > 0);
    return {
      ...result,
      rssMb: rss.map((r) => r.rssMb),
      note: server.pgid ? `peak RSS per process: ${rss.map((r) => `${r.command} ${r.rssMb} MB`).join(", ")}` : undefined,
    };
  }
  throw new Error(`unknown scenario ${name}`);
}

async function prepare(server, count = LOGIN_USERS) {
  const users = await createUsers(server.base, count + 1);
  const reader = users.pop();
  return { users, cookie: await login(server.base, reader) };
}

const median = (values) => {
  const sorted = values.filter((v) => typeof v === "number").sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : Number(((sorted[mid - 1] + sorted[mid]) / 2).toFixed(2));
};

/** Per scenario, the median of each figure over the runs. */
function medians(rows) {
  const byName = new Map();
  for (const r of rows) byName.set(r.scenario, [...(byName.get(r.scenario) ?? []), r]);
  return Object.fromEntries(
    [...byName].map(([name, list]) => [
      name,
      {
        scenario: name,
        runs: list.length,
        rps: median(list.map((r) => r.rps)),
        p50: median(list.map((r) => r.p50)),
        p99: median(list.map((r) => r.p99)),
        errors: list.reduce((a, r) => a + (r.errors ?? 0), 0),
        ...(list[0].p99Ratio !== undefined ? { idleP99: median(list.map((r) => r.idleP99)), p99Ratio: median(list.map((r) => r.p99Ratio)) } : {}),
        ...(list.some((r) => r.rssMb?.length) ? { maxRssMb: Math.max(...list.flatMap((r) => r.rssMb ?? [])) } : {}),
      },
    ]),
  );
}

/** The issue's targets, from one run's medians: [figure, value, goal, met]. `theirs`: medians by peer name. */
function ratios(ours, oursWrk, theirs) {
  const rps = (m, name) => m?.[name]?.rps ?? null;
  const divide = (a, b) => (a === null || b === null || b === 0 ? null : Number((a / b).toFixed(2)));
  const django = theirs.django;
  const rows = [
    ["profile_html_auth ÷ bare (the floor for pages)", divide(rps(ours, "profile_html_auth"), rps(ours, "bare")), ">=", 0.8],
    ["home_anon ÷ bare (reported)", divide(rps(ours, "home_anon"), rps(ours, "bare")), "report", null],
    ["api_profile_auth ÷ health", divide(rps(ours, "api_profile_auth"), rps(ours, "health")), ">=", 0.85],
    ["profile_anon_redirect ÷ health", divide(rps(ours, "profile_anon_redirect"), rps(ours, "health")), ">=", 1.0],
    ["login ÷ one core's bcrypt rate", divide(rps(ours, "login"), rps(ours, "bcrypt_core")), ">=", 1.7],
    ["login ÷ all cores hashing at once (the ceiling)", divide(rps(ours, "login"), rps(ours, "bcrypt_all_cores")), "report", null],
    ["login_storm p99 ÷ idle p99", ours?.login_storm?.p99Ratio ?? null, "<=", 3],
    ["max RSS per process in mixed, MB", ours?.mixed?.maxRssMb ?? null, "<=", 300],
  ];
  if (django) {
    rows.push(
      ["api_profile_auth ÷ django's (wrk)", divide(rps(oursWrk, "api_profile_auth"), rps(django, "api_profile_auth")), ">=", 1.5],
      ["profile_html_auth ÷ django's (wrk)", divide(rps(oursWrk, "profile_html_auth"), rps(django, "profile_html_auth")), ">=", 0.5],
      ["profile_anon_redirect ÷ django's (wrk)", divide(rps(oursWrk, "profile_anon_redirect"), rps(django, "profile_anon_redirect")), "report", null],
      ["login ÷ django's (wrk; bcrypt 12 against PBKDF2)", divide(rps(oursWrk, "login"), rps(django, "login")), "report", null],
      ["our health (the floor) ÷ django's api_profile_auth (wrk)", divide(rps(oursWrk, "health"), rps(django, "api_profile_auth")), "report", null],
      ["our bare page (the floor) ÷ django's profile_html_auth (wrk)", divide(rps(oursWrk, "bare"), rps(django, "profile_html_auth")), "report", null],
    );
  }
  for (const [name, medians] of Object.entries(theirs)) {
    if (name === "django") continue;
    for (const scenario of PEER_SCENARIOS) {
      // Logins measure each side's password hash (bcrypt at cost 12 here), not the framework.
      const goal = scenario === "login" ? null : 1.5;
      rows.push([`${scenario} ÷ ${name}'s (wrk)`, divide(rps(oursWrk, scenario), rps(medians, scenario)), goal === null ? "report" : ">=", goal]);
    }
    rows.push([
      `our bare page (the floor) ÷ ${name}'s profile_html_auth (wrk)`,
      divide(rps(oursWrk, "bare"), rps(medians, "profile_html_auth")),
      "report",
      null,
    ]);
  }
  return rows.map(([figure, value, op, goal]) => ({
    figure,
    value,
    goal: goal === null ? null : `${op} ${goal}`,
    met: value === null || goal === null ? null : op === ">=" ? value >= goal : value <= goal,
  }));
}

function printRow(r, who = "") {
  const num = (v, width) => String(v ?? "-").padStart(width);
  console.log(
    `${(who + r.scenario).padEnd(30)} ${num(r.rps, 8)} req/s  p50 ${num(r.p50, 5)} ms  p99 ${num(r.p99, 5)} ms  errors ${r.errors}${r.note ? `  (${r.note})` : ""}`,
  );
}

/** The peer comparison's wrk run of one scenario against one server. */
function peerRow(name, server, session) {
  if (name === "login") {
    const user = session.users[0];
    return wrkRow(name, `${server.base}/api/login`, {}, form(user));
  }
  const path = name === "api_profile_auth" ? "/api/profile" : "/profile";
  const headers = name === "profile_anon_redirect" ? {} : { cookie: session.cookie };
  return wrkRow(name, `${server.base}${path}`, headers);
}

async function main() {
  if (peers.length && spawnSync("wrk", ["--version"]).error) throw new Error("--peer compares under wrk: apt-get install -y wrk");
  const ours = external ? { base: external.replace(/\/$/, ""), stop: async () => {}, pgid: null, database: "external", external: true } : await startServer();
  const others = peers.map((peer) => ({ ...peer, stop: async () => {}, pgid: null, database: "external", external: true }));
  const runs = [];
  try {
    progress(`creating ${LOGIN_USERS + 1} users${others.length ? `, and two on each peer (${others.map((p) => p.name).join(", ")})` : ""}`);
    const sessions = { ours: await prepare(ours) };
    for (const peer of others) sessions[peer.name] = await prepare(peer, 1);
    console.log(
      `scenario                          req/s     latency                 errors   (${CONNECTIONS} connections, ${SECONDS} s each, ${RUNS} run${RUNS > 1 ? "s" : ""})`,
    );
    for (let run = 1; run <= RUNS; run++) {
      if (RUNS > 1) progress(`run ${run} of ${RUNS}`);
      for (const name of scenarios) {
        const mine = await runScenario(name, ours, sessions.ours);
        if (mine) {
          runs.push({ run, server: "ours", ...mine });
          printRow(mine);
        }
        const before = runs.find((r) => r.run === run && r.server === "ours" && r.scenario === "bcrypt_core");
        if (name === "login" && mine && before) {
          progress("bcrypt_core again after the login run, then on all cores at once");
          await drainLogins(ours.base, sessions.ours.users);
          Object.assign(before, bracketed({ ...before }, bcryptCoreRate()));
          printRow(before);
          const all = await bcryptAllCoresRate();
          runs.push({ run, server: "ours", ...all });
          printRow(all);
        }
        if (others.length && (name === "health" || name === "bare")) {
          // The framework's floors (a route, a page) under the peer comparison's tool (the peers
          // have neither path).
          const floor = wrkRow(name, `${ours.base}${name === "health" ? "/api/health" : "/bench/bare"}`, {});
          runs.push({ run, server: "ours-wrk", ...floor });
          printRow({ ...floor, note: "wrk" });
        }
        if (others.length && PEER_SCENARIOS.has(name)) {
          // Which server goes first rotates between runs, so none always meets the machine in the
          // state another left it in (the same minute's drift, the other's warm caches).
          const order = [{ name: "ours", base: ours.base }, ...others];
          for (let i = 0; i < (run - 1) % order.length; i++) order.push(order.shift());
          progress(`${name}: under wrk on every server, in this order: ${order.map((s) => s.name).join(", ")}`);
          for (const server of order) {
            const who = server.name === "ours" ? "ours-wrk" : `peer:${server.name}`;
            const measured = peerRow(name, server, sessions[server.name]);
            runs.push({ run, server: who, ...measured });
            printRow({ ...measured, note: "wrk" }, who === "ours-wrk" ? "" : `${server.name} `);
            // A login run leaves logins queued behind closed connections: let them finish first.
            if (name === "login" && server.name === "ours") await drainLogins(ours.base, sessions.ours.users);
          }
        }
      }
    }
  } finally {
    await ours.stop();
  }
  const mediansOurs = medians(runs.filter((r) => r.server === "ours"));
  const mediansOursWrk = others.length ? medians(runs.filter((r) => r.server === "ours-wrk")) : null;
  const mediansPeers = Object.fromEntries(others.map((p) => [p.name, medians(runs.filter((r) => r.server === `peer:${p.name}`))]));
  if (RUNS > 1) {
    console.log(`\nmedians of ${RUNS} runs`);
    for (const r of Object.values(mediansOurs)) printRow(r);
    for (const r of Object.values(mediansOursWrk ?? {})) printRow({ ...r, note: "wrk" });
    for (const [name, list] of Object.entries(mediansPeers)) for (const r of Object.values(list)) printRow({ ...r, note: "wrk" }, `${name} `);
  }
  // Each figure per run (the peers' from the same run, interleaved), then its median over the runs,
  // so drift between runs cancels out; memory is the worst run's.
  const perRun = Array.from({ length: RUNS }, (_, i) => {
    const of = (server) => medians(runs.filter((r) => r.run === i + 1 && r.server === server));
    return ratios(of("ours"), others.length ? of("ours-wrk") : null, Object.fromEntries(others.map((p) => [p.name, of(`peer:${p.name}`)])));
  });
  const targets = perRun[0].map((first, index) => {
    const values = perRun.map((run) => run[index].value).filter((v) => v !== null);
    const value = values.length === 0 ? null : first.figure.startsWith("max RSS") ? Math.max(...values) : median(values);
    const goal = first.goal;
    const met = value === null || goal === null ? null : goal.startsWith(">=") ? value >= Number(goal.slice(3)) : value <= Number(goal.slice(3));
    return { figure: first.figure, value, goal, met, perRun: values };
  });
  console.log(`\n${"figure".padEnd(54)}  value   goal`);
  for (const t of targets) {
    const runsNote = RUNS > 1 && t.perRun.length > 0 ? `  runs: ${t.perRun.join(", ")}` : "";
    console.log(
      `${t.figure.padEnd(54)} ${String(t.value ?? "-").padStart(6)}   ${(t.goal ?? "(report)").padEnd(9)} ${t.met === null ? "      " : t.met ? "met   " : "NOT MET"}${runsNote}`,
    );
  }
  const output = {
    when: new Date().toISOString(),
    base: external ?? "npm start",
    peers,
    node: process.version,
    database: ours.database,
    cores: cpus().length,
    cpu: cpus()[0]?.model,
    webConcurrency: process.env.WEB_CONCURRENCY ?? null,
    bcryptCost: BCRYPT_COST,
    connections: CONNECTIONS,
    seconds: SECONDS,
    runs: RUNS,
    medians: mediansOurs,
    wrkMedians: mediansOursWrk,
    peerMedians: mediansPeers,
    targets,
    results: runs,
  };
  writeFileSync(join(root, "bench", "results.json"), `${JSON.stringify(output, null, 2)}\n`);
  progress("written to bench/results.json");
}

await main();
