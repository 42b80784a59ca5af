#!/usr/bin/env node
// `npm run bench:memory`: what one server process keeps. Starts one production server process
// (WEB_CONCURRENCY=1, the same V8 and glibc settings as `npm start`) on a fresh SQLite database
// with the inspector on, reads its memory at rest, after a login, under load (pages, API and
// logins at once) and after a forced full collection. The last row is the live heap: unlike the
// peak RSS of `npm run bench`, which moves by tens of MB between identical runs, it changes only
// when what the process keeps changes.
//   MEMORY_SECONDS (10), MEMORY_PORT (3911)
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import autocannon from "autocannon";
import { memoryLimits } from "../scripts/memory-limits.mjs";

const root = join(import.meta.dirname, "..");
const SECONDS = Number(process.env.MEMORY_SECONDS ?? 10);
const PORT = Number(process.env.MEMORY_PORT ?? 3911);
const progress = (message) => process.stderr.write(`memory: ${message}\n`);

// Evaluated inside the server; returns MB.
const READING = `(() => {
  const mb = (n) => Math.round(n / 1e6);
  const usage = process.memoryUsage();
  const spaces = process.getBuiltinModule("v8").getHeapSpaceStatistics();
  const space = (name) => mb(spaces.find((s) => s.space_name === name)?.space_used_size ?? 0);
  return { rss: mb(usage.rss), heapTotal: mb(usage.heapTotal), heapUsed: mb(usage.heapUsed), external: mb(usage.external),
    old: space("old_space"), large: space("large_object_space"), code: space("code_space"), young: space("new_space") };
})()`;

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
    pending.get(message.id)?.(message);
    pending.delete(message.id);
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
    EMAIL_BACKEND: "disabled",
    PORT: String(PORT),
    WEB_CONCURRENCY: "1",
    SEED_WORKERS: "2", // one bcrypt thread, as each of `npm start`'s two workers has on two cores
    DATABASE_URL: `file:${join(work, "memory.db")}`,
    SESSION_SECRET: randomBytes(32).toString("hex"),
    LOG_LEVEL: "warn",
    THROTTLE_LOGIN_CLIENT_FREE: "1000000",
    THROTTLE_LOGIN_ACCOUNT_FREE: "1000000",
    THROTTLE_SIGNUP_CLIENT_FREE: "1000000",
  };
  const migrate = spawnSync(process.execPath, [join(root, "scripts", "migrate.mjs")], { cwd: root, env, stdio: "inherit" });
  if (migrate.status !== 0) throw new Error("migrations failed");
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

const cannon = (options) =>
  new Promise((resolve, reject) => autocannon({ duration: SECONDS, ...options }, (error, result) => (error ? reject(error) : resolve(result))));

async function main() {
  const work = mkdtempSync(join(tmpdir(), "seed-memory-"));
  const { child, base, inspectorUrl } = await startServer(work);
  const cdp = await inspector(inspectorUrl);
  const rows = [];
  const read = async (moment) => {
    const { result } = await cdp.send("Runtime.evaluate", { expression: READING, returnByValue: true });
    rows.push({ moment, ...result.value });
  };
  try {
    await read("at rest");
    const user = { username: `memory_${randomBytes(4).toString("hex")}`, password: `pw-${randomBytes(12).toString("base64url")}` };
    const body = new URLSearchParams(user).toString();
    const headers = { "content-type": "application/x-www-form-urlencoded" };
    await fetch(`${base}/api/signup`, { method: "POST", headers, body });
    const loggedIn = await fetch(`${base}/api/login`, { method: "POST", headers, body });
    const cookie = loggedIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    await read("after a signup and a login");
    progress(`${SECONDS} s of pages, API and logins at once`);
    await Promise.all([
      cannon({ url: `${base}/profile`, headers: { cookie }, connections: 16 }),
      cannon({ url: `${base}/api/profile`, headers: { cookie }, connections: 4 }),
      cannon({ url: `${base}/`, connections: 4 }),
      cannon({ url: `${base}/api/health`, connections: 1 }),
      cannon({ url: `${base}/api/login`, method: "POST", headers, body, connections: 2 }),
    ]);
    await read("right after the load");
    await cdp.send("HeapProfiler.collectGarbage");
    await read("after a full collection (what it keeps)");
  } finally {
    cdp.close();
    child.kill("SIGTERM");
    rmSync(work, { recursive: true, force: true });
  }
  console.log(`MB, one server process (${process.version})`);
  console.log(["moment".padEnd(42), ..."rss heapTotal heapUsed old large code young external".split(" ").map((k) => k.padStart(10))].join(""));
  for (const row of rows) {
    console.log(
      [row.moment.padEnd(42), ...["rss", "heapTotal", "heapUsed", "old", "large", "code", "young", "external"].map((k) => String(row[k]).padStart(10))].join(
        "",
      ),
    );
  }
}

await main();
process.exit(0);
