#!/usr/bin/env node
// `npm run bench`: builds and starts the production server (`npm start`: WEB_CONCURRENCY workers)
// on a fresh database (SQLite, or PostgreSQL when DATABASE_URL says so), creates users, and drives
// it with autocannon from this process. Each scenario runs after a warm-up and prints one row;
// all of them go to bench/results.json.
//   npm run bench -- --base-url http://127.0.0.1:8001   drive a server already running (the Django
//                                                        peer has the same API)
//   BENCH_SECONDS=10 BENCH_CONNECTIONS=32 BENCH_SCENARIOS="health login" npm run bench
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import autocannon from "autocannon";

const root = join(import.meta.dirname, "..");
const argv = process.argv.slice(2);
const baseArg = argv.indexOf("--base-url");
const external = baseArg >= 0 ? argv[baseArg + 1] : null;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const LOGIN_USERS = Number(process.env.BENCH_LOGIN_USERS ?? 64);
const ALL = ["health", "home_anon", "api_profile_auth", "profile_html_auth", "profile_anon_redirect", "login", "login_storm", "mixed"];
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
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    SESSION_SECRET: randomBytes(32).toString("hex"),
    LOG_LEVEL: "warn",
    // The login scenario logs the same users in thousands of times from one address.
    THROTTLE_LOGIN_ACCOUNT_FREE: "1000000",
    THROTTLE_LOGIN_CLIENT_FREE: "1000000",
    THROTTLE_SIGNUP_CLIENT_FREE: "1000000",
    THROTTLE_SESSION_CLIENT_FREE: "1000000",
  };
  progress(`starting the server on ${postgres ? "PostgreSQL" : "SQLite"} (WEB_CONCURRENCY=${process.env.WEB_CONCURRENCY ?? `${cpus().length}, one per core`}); throttling raised for this run`);
  const child = spawn(process.execPath, [join(root, "scripts", "start.mjs"), "--no-build"], {
    cwd: root, env, stdio: ["ignore", "ignore", "inherit"], detached: true,
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
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").slice(1, 2).join(" ");
      rss.push({ pid: Number(pid), command: cmd.split("/").slice(-2).join("/"), rssMb: Math.round(kb / 1024) });
    } catch {
      // gone
    }
  }
  return rss;
}

const form = (fields) => new URLSearchParams(fields).toString();

async function post(base, path, fields, cookie) {
  return fetch(`${base}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", ...(cookie ? { cookie } : {}) },
    body: form(fields),
  });
}

function cookieOf(response) {
  return response.headers.getSetCookie().map((value) => value.split(";")[0]).join("; ");
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

function row(name, result, extra = {}) {
  const errors = result.errors + result.timeouts + result.non2xx - (extra.expectedNon2xx ? result.non2xx : 0);
  return {
    scenario: name,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors,
    requests: result.requests.total,
    ...Object.fromEntries(Object.entries(extra).filter(([key]) => key !== "expectedNon2xx")),
  };
}

async function measure(name, options, extra) {
  progress(`${name}: warm-up ${WARMUP} s, then ${SECONDS} s`);
  if (WARMUP > 0) await cannon({ ...options, duration: WARMUP });
  return row(name, await cannon({ ...options, duration: SECONDS }), extra);
}

function loginRequests(users) {
  let next = 0;
  return [{
    method: "POST",
    path: "/api/login",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    setupRequest: (request) => ({ ...request, body: form(users[next++ % users.length]) }),
  }];
}

async function main() {
  const server = external ? { base: external.replace(/\/$/, ""), stop: async () => {}, pgid: null, database: "external" } : await startServer();
  const { base } = server;
  const results = [];
  try {
    const users = await createUsers(base, LOGIN_USERS + 1);
    const reader = users.pop();
    const cookie = await login(base, reader);
    const withCookie = { headers: { cookie } };
    const print = (r) => {
      results.push(r);
      console.log(`${r.scenario.padEnd(24)} ${String(r.rps).padStart(8)} req/s  p50 ${String(r.p50).padStart(5)} ms  p99 ${String(r.p99).padStart(5)} ms  errors ${r.errors}${r.note ? `  (${r.note})` : ""}`);
    };
    console.log(`scenario                    req/s     latency                 errors   (${CONNECTIONS} connections, ${SECONDS} s each)`);
    for (const name of scenarios) {
      if (name === "health") print(await measure(name, { url: `${base}/api/health` }));
      else if (name === "home_anon") print(await measure(name, { url: `${base}/` }));
      else if (name === "api_profile_auth") print(await measure(name, { url: `${base}/api/profile`, ...withCookie }));
      else if (name === "profile_html_auth") print(await measure(name, { url: `${base}/profile`, ...withCookie }));
      else if (name === "profile_anon_redirect") print(await measure(name, { url: `${base}/profile` }, { expectedNon2xx: true }));
      else if (name === "login") {
        print(await measure(name, { url: base, requests: loginRequests(users) }, { note: "throttling raised for this run" }));
      } else if (name === "login_storm") {
        progress("login_storm: api_profile_auth alone, then while 16 clients log in");
        const idle = await cannon({ url: `${base}/api/profile`, ...withCookie, duration: SECONDS });
        const [storm] = await Promise.all([
          cannon({ url: `${base}/api/profile`, ...withCookie, duration: SECONDS }),
          cannon({ url: base, connections: 16, requests: loginRequests(users), duration: SECONDS }),
        ]);
        print(row(name, storm, { idleP99: idle.latency.p99, p99Ratio: Number((storm.latency.p99 / Math.max(1, idle.latency.p99)).toFixed(2)) }));
      } else if (name === "mixed") {
        const choose = () => {
          const roll = Math.random() * 100;
          if (roll < 90) return { method: "GET", path: "/api/profile", headers: { cookie } };
          if (roll < 98) return { method: "GET", path: "/profile", headers: { cookie } };
          const user = users[Math.floor(Math.random() * users.length)];
          return { method: "POST", path: "/api/login", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form(user) };
        };
        let rss = [];
        const sampler = setInterval(() => {
          if (server.pgid) {
            for (const sample of groupRss(server.pgid)) {
              const known = rss.find((r) => r.pid === sample.pid);
              if (!known) rss.push(sample);
              else known.rssMb = Math.max(known.rssMb, sample.rssMb);
            }
          }
        }, 500);
        const result = await measure(name, { url: base, requests: [{ setupRequest: (request) => ({ ...request, ...choose() }) }] });
        clearInterval(sampler);
        rss = rss.filter((r) => r.rssMb > 0);
        print({ ...result, rssMb: rss.map((r) => r.rssMb), note: server.pgid ? `peak RSS per process: ${rss.map((r) => `${r.command} ${r.rssMb} MB`).join(", ")}` : undefined });
      } else throw new Error(`unknown scenario ${name}`);
    }
  } finally {
    await server.stop();
  }
  const output = { when: new Date().toISOString(), base: external ?? "npm start", database: server.database, cores: cpus().length, webConcurrency: process.env.WEB_CONCURRENCY ?? null, connections: CONNECTIONS, seconds: SECONDS, results };
  writeFileSync(join(root, "bench", "results.json"), `${JSON.stringify(output, null, 2)}\n`);
  progress("written to bench/results.json");
}

await main();
