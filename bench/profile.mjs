#!/usr/bin/env node
// `npm run bench:profile -- [scenario …]`: where a request's CPU time goes. Starts one production
// server process (WEB_CONCURRENCY=1) on a fresh SQLite database with the inspector on, drives each
// scenario with autocannon, records a V8 CPU profile over the measured window only, and
// attributes every sample's self time, through the build's source maps, to the original file:
// framework (Next), render (React), unseal (iron-session, WebCrypto), database (Prisma, driver),
// auth logic (lib/auth), app code, Node (HTTP, streams), GC. Prints µs of CPU per request.
//   scenarios: health home_anon bare api_profile_auth profile_html_auth profile_anon_redirect login
//   PROFILE_SECONDS (10), PROFILE_PORT (3910)
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import autocannon from "autocannon";
import { memoryLimits } from "../scripts/memory-limits.mjs";

const root = join(import.meta.dirname, "..");
const SECONDS = Number(process.env.PROFILE_SECONDS ?? 10);
const PORT = Number(process.env.PROFILE_PORT ?? 3910);
const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const scenarios = args.length ? args : ["health", "home_anon", "bare", "api_profile_auth", "profile_html_auth", "profile_anon_redirect"];
const progress = (message) => process.stderr.write(`profile: ${message}\n`);

// First match wins: the order puts the specific parts before the packages that call them.
const CATEGORIES = [
  [
    "unseal (iron-session, WebCrypto)",
    /iron-session|iron-webcrypto|uncrypto|lib\/auth\/cookie\.ts|internal\/crypto\/webcrypto|internal\/crypto\/(keys|hkdf|pbkdf2|cipher|aes|mac|util)|^\(crypto\)/,
  ],
  ["database (Prisma, driver)", /@prisma|prisma\/|better-sqlite3|node_modules\/pg|lib\/generated|lib\/db\.ts|\.wasm|^wasm:|query_compiler/],
  ["auth logic (lib/auth, lib/http)", /lib\/auth\/|lib\/http\/|lib\/log|middleware\.ts|pino/],
  ["render (React)", /react-dom|react-server-dom|react\/|node_modules\/react|scheduler/],
  ["app (pages, components)", /\[project\]\/app\/|\/app\/|bowser/],
  ["framework (Next)", /next\/|\.next\/|@next\//],
  ["Node (HTTP, streams, async hooks)", /^node:|internal\/|^\((program|native|root)\)$|^runMicrotasks$|events|stream|^$/],
];

function categoryOf(source) {
  for (const [name, pattern] of CATEGORIES) if (pattern.test(source)) return name;
  return "other";
}

const sourceMaps = new Map();
function originalSource(url, line, column) {
  if (!url.startsWith("file://")) return url;
  const path = fileURLToPath(url);
  if (!sourceMaps.has(path)) {
    let map = null;
    try {
      if (existsSync(`${path}.map`)) map = new SourceMap(JSON.parse(readFileSync(`${path}.map`, "utf8")));
    } catch {
      map = null;
    }
    sourceMaps.set(path, map);
  }
  const map = sourceMaps.get(path);
  if (!map || line < 0) return path;
  const original = map.findEntry(line, column)?.originalSource;
  if (!original) return path;
  // Next's own maps name sources relative to the map ("../../src/server/base-server.ts").
  return original.startsWith(".") ? fileURLToPath(new URL(original, url)) : original;
}

/**
 * Self time per category (µs) and the heaviest original files, from a V8 CPU profile. A native
 * function without a script (a better-sqlite3 statement, a WebCrypto call) counts for the
 * nearest caller that has one.
 */
function attribute(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const sourceOf = (id) => {
    for (let current = id; current !== undefined; current = parent.get(current)) {
      const frame = byId.get(current).callFrame;
      if (frame.url) return originalSource(frame.url, frame.lineNumber, frame.columnNumber);
      if (frame.functionName === "(root)") break;
    }
    return byId.get(id).callFrame.functionName || "(native)";
  };
  const selfUs = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + delta);
  }
  const categories = new Map();
  const files = new Map();
  let idle = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id).callFrame;
    if (frame.functionName === "(idle)") {
      idle += us;
      continue;
    }
    const source = frame.functionName === "(garbage collector)" ? "(gc)" : sourceOf(id);
    const category = source === "(gc)" ? "GC" : categoryOf(source.replace(/^turbopack:\/\/\/?/, ""));
    categories.set(category, (categories.get(category) ?? 0) + us);
    const key = source.replace(/^turbopack:\/\/\/?\[project\]\//, "").replace(/^file:\/\/\/?/, "");
    files.set(key, (files.get(key) ?? 0) + us);
  }
  return { categories, files, idle };
}

/** Minimal Chrome DevTools Protocol client over the inspector's WebSocket. */
async function inspector(url) {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    socket.addEventListener("open", resolve, { once: true });
    socket.addEventListener("error", reject, { once: true });
  });
  let next = 1;
  const pending = new Map();
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(event.data);
    if (message.id && pending.has(message.id)) {
      pending.get(message.id)(message);
      pending.delete(message.id);
    }
  });
  const send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, (message) => (message.error ? reject(new Error(message.error.message)) : resolve(message.result)));
      socket.send(JSON.stringify({ id, method, params }));
    });
  return { send, close: () => socket.close() };
}

async function startServer(work) {
  progress("building (skipped when the build is current)");
  const build = spawnSync(process.execPath, [join(root, "scripts", "start.mjs"), "--build-only"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) throw new Error("the build failed");
  const env = {
    ...process.env,
    NODE_ENV: "production",
    EMAIL_BACKEND: "disabled", // the scenarios send no mail; production would otherwise need SMTP_URL
    PORT: String(PORT),
    WEB_CONCURRENCY: "1",
    DATABASE_URL: `file:${join(work, "profile.db")}`,
    SESSION_SECRET: randomBytes(32).toString("hex"),
    LOG_LEVEL: "warn",
    SEED_BENCH_PAGES: "1", // the floor page, app/bench/bare
    THROTTLE_LOGIN_CLIENT_FREE: "1000000",
    THROTTLE_LOGIN_ACCOUNT_FREE: "1000000",
    THROTTLE_SIGNUP_CLIENT_FREE: "1000000",
  };
  const migrate = spawnSync(process.execPath, [join(root, "scripts", "migrate.mjs")], { cwd: root, env, stdio: "inherit" });
  if (migrate.status !== 0) throw new Error("migrations failed");
  // The same memory settings as `npm start` (scripts/memory-limits.mjs), since GC is part of the cost.
  const limits = memoryLimits(env);
  const child = spawn(process.execPath, [...limits.flags, "--inspect=127.0.0.1:0", join(root, "scripts", "server.mjs")], {
    cwd: root,
    env: limits.env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  const inspectorUrl = await new Promise((resolve, reject) => {
    let text = "";
    child.stderr.on("data", (chunk) => {
      text += chunk;
      const match = /Debugger listening on (ws:\/\/\S+)/.exec(text);
      if (match) resolve(match[1]);
    });
    child.once("exit", () => reject(new Error(`the server exited: ${text}`)));
  });
  const base = `http://127.0.0.1:${PORT}`;
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      // not yet
    }
    await sleep(250);
  }
  return { child, base, inspectorUrl };
}

function cannon(options) {
  return new Promise((resolve, reject) => autocannon({ connections: 16, ...options }, (error, result) => (error ? reject(error) : resolve(result))));
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), "seed-profile-"));
  const { child, base, inspectorUrl } = await startServer(work);
  const cdp = await inspector(inspectorUrl);
  const report = {};
  try {
    const user = { username: `profile_${randomBytes(4).toString("hex")}`, password: `pw-${randomBytes(12).toString("base64url")}` };
    const body = new URLSearchParams(user).toString();
    const headers = { "content-type": "application/x-www-form-urlencoded" };
    await fetch(`${base}/api/signup`, { method: "POST", headers, body });
    const loggedIn = await fetch(`${base}/api/login`, { method: "POST", headers, body });
    const cookie = loggedIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const targets = {
      health: { url: `${base}/api/health` },
      home_anon: { url: `${base}/` },
      bare: { url: `${base}/bench/bare` },
      api_profile_auth: { url: `${base}/api/profile`, headers: { cookie } },
      profile_html_auth: { url: `${base}/profile`, headers: { cookie } },
      profile_anon_redirect: { url: `${base}/profile` },
      login: { url: `${base}/api/login`, method: "POST", headers, body },
    };
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
    for (const name of scenarios) {
      if (!targets[name]) throw new Error(`unknown scenario ${name}`);
      progress(`${name}: warm-up 3 s, then ${SECONDS} s under the profiler`);
      const sample = await fetch(targets[name].url, { headers: targets[name].headers, redirect: "manual" });
      const bytes = (await sample.arrayBuffer()).byteLength;
      await cannon({ ...targets[name], duration: 3 });
      await cdp.send("Profiler.start");
      const result = await cannon({ ...targets[name], duration: SECONDS });
      const { profile } = await cdp.send("Profiler.stop");
      // For Chrome DevTools or speedscope: PROFILE_SAVE=dir writes each scenario's raw profile.
      if (process.env.PROFILE_SAVE) {
        mkdirSync(process.env.PROFILE_SAVE, { recursive: true });
        writeFileSync(join(process.env.PROFILE_SAVE, `${name}.cpuprofile`), JSON.stringify(profile));
      }
      const requests = result.requests.total;
      const { categories, files, idle } = attribute(profile);
      const busy = [...categories.values()].reduce((a, b) => a + b, 0);
      const perRequest = (us) => Math.round(us / Math.max(1, requests));
      report[name] = {
        requests,
        responseBytes: bytes,
        rps: Math.round(result.requests.average),
        cpuUsPerRequest: perRequest(busy),
        idleShare: Number((idle / (idle + busy)).toFixed(2)),
        categories: Object.fromEntries([...categories].sort((a, b) => b[1] - a[1]).map(([k, us]) => [k, perRequest(us)])),
        topFiles: Object.fromEntries(
          [...files]
            .sort((a, b) => b[1] - a[1])
            .slice(0, 15)
            .map(([k, us]) => [k, perRequest(us)]),
        ),
      };
      console.log(
        `\n${name}: ${report[name].rps} req/s on one process, ${report[name].cpuUsPerRequest} µs of CPU per request (idle ${Math.round(report[name].idleShare * 100)} %), ${bytes} bytes`,
      );
      for (const [category, us] of Object.entries(report[name].categories))
        console.log(`  ${category.padEnd(36)} ${String(us).padStart(6)} µs  ${Math.round((100 * us) / report[name].cpuUsPerRequest)} %`);
      if (process.argv.includes("--files")) {
        for (const [file, us] of Object.entries(report[name].topFiles)) console.log(`    ${String(us).padStart(6)} µs  ${file}`);
      }
    }
  } finally {
    cdp.close();
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
    rmSync(work, { recursive: true, force: true });
  }
  writeFileSync(join(root, "bench", "profile.json"), `${JSON.stringify({ when: new Date().toISOString(), seconds: SECONDS, report }, null, 2)}\n`);
  progress("written to bench/profile.json");
}

await main();
