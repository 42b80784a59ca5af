import { randomBytes } from "node:crypto";
import http from "node:http";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { expect, test } from "@playwright/test";
import { TEST_PROVIDER, dropTestDatabase, testDatabaseUrl } from "../tests/support/databases.mjs";
import { instancePort, migrateDatabase, startAppInstance } from "../e2e/support/app-instance";
import { send, sessionCookieFrom, type Reply } from "./client";
import { rssMb, slopeMbPerMinute, workerPids, type Sample } from "./memory";

// The production server (`npm start`, two worker processes) under mixed load for
// SOAK_WARMUP_SECONDS (60, and SOAK_WARMUP_REQUESTS: 8,000) and then SOAK_SECONDS (ten minutes by default) while every worker runs a full garbage collection twice a second and
// has a 1 MB young generation, so that native memory freed by the collector (prepared
// statements) is freed under load all the time. It must answer every request correctly with no
// 5xx, no worker may die or be replaced, and each worker's resident memory must stay flat: the
// least-squares slope over SOAK_SECONDS (after the warm-up, while code is compiled and caches
// fill) at most SOAK_MAX_RSS_SLOPE MB per minute.

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 12);
const MAX_SLOPE = Number(process.env.SOAK_MAX_RSS_SLOPE ?? 5);
const WARMUP_MS = Number(process.env.SOAK_WARMUP_SECONDS ?? 60) * 1000;
/** Memory settles after so many requests rather than so many seconds: the warm-up lasts for both
 * (three times its seconds at most, on a machine too busy to serve them). */
const WARMUP_REQUESTS = Number(process.env.SOAK_WARMUP_REQUESTS ?? 8000);
const SAMPLE_MS = 2_000;
const PORT = instancePort(30);
const APP_ENV = {
  WEB_CONCURRENCY: "2",
  NODE_OPTIONS: "--expose-gc",
  SEED_TEST_GC_INTERVAL_MS: "500",
  SERVER_SEMI_SPACE_MB: "1",
  BCRYPT_COST: "6",
  THROTTLE_LOGIN_ACCOUNT_FREE: "1000000",
  THROTTLE_LOGIN_ACCOUNT_DAILY: "100000",
  THROTTLE_LOGIN_CLIENT_FREE: "1000000",
  THROTTLE_SIGNUP_CLIENT_FREE: "1000000",
  THROTTLE_SESSION_CLIENT_FREE: "1000000",
  LOG_LEVEL: "warn",
};

type Client = { id: number; agent: http.Agent; username: string; password: string; cookie: string | null; in: boolean; note: string | null; signups: number };

test("mixed load with forced GC: no crash, no 5xx, no worker restart, flat memory", async () => {
  test.setTimeout(3 * WARMUP_MS + (SECONDS + 180) * 1000);
  const base = new URL(`http://127.0.0.1:${PORT}`);
  const databaseUrl = testDatabaseUrl("soak");
  migrateDatabase(databaseUrl);
  const app = await startAppInstance(PORT, { databaseUrl, env: APP_ENV });
  const started = Date.now();
  let requests = 0;
  let judgedFrom = Number.POSITIVE_INFINITY; // ms after the start, once the warm-up has ended
  const deadline = () => started + judgedFrom + SECONDS * 1000;
  const failures: string[] = [];
  const counts = new Map<string, number>();
  const count = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  const fail = (client: Client, what: string) => failures.push(`client ${client.id} at ${Math.round((Date.now() - started) / 1000)} s: ${what}`);

  // The health check answers once one worker listens; the other may still be starting.
  let pids = workerPids(app.logs());
  for (let wait = 0; pids.size < 2 && wait < 120; wait++) {
    await sleep(500);
    pids = workerPids(app.logs());
  }
  const samples = new Map<number, Sample[]>([...pids.keys()].map((worker) => [worker, []]));

  async function call(client: Client, action: string, method: "GET" | "POST", path: string, json?: unknown): Promise<Reply | null> {
    const outcome = await send(base, method, path, { cookie: client.cookie, json, agent: client.agent });
    requests++;
    if (!outcome.ok) {
      count(`${action} ${outcome.error}`);
      fail(client, `${action}: ${outcome.error}`);
      return null;
    }
    count(`${action} ${outcome.reply.status}`);
    if (outcome.reply.status >= 500) {
      fail(client, `${action}: ${outcome.reply.status} ${outcome.reply.body.slice(0, 120)}`);
      return null;
    }
    return outcome.reply;
  }

  const expectStatus = (client: Client, action: string, reply: Reply | null, status: number) => {
    if (reply && reply.status !== status) fail(client, `${action}: ${reply.status} instead of ${status}`);
    return reply?.status === status;
  };

  async function signup(client: Client, username: string, password: string) {
    const reply = await call({ ...client, cookie: null }, "signup", "POST", "/api/signup", { username, password });
    return expectStatus(client, "signup", reply, 201);
  }

  async function login(client: Client) {
    const reply = await call(client, "login", "POST", "/api/login", { username: client.username, password: client.password });
    const cookie = reply && sessionCookieFrom(reply);
    if (!expectStatus(client, "login", reply, 200) || !cookie) return;
    client.cookie = cookie;
    client.in = true;
  }

  async function logout(client: Client) {
    const reply = await call(client, "logout", "POST", "/api/logout");
    if (!expectStatus(client, "logout", reply, 200)) return;
    client.cookie = null;
    client.in = false;
    client.note = null;
  }

  async function profile(client: Client) {
    const reply = await call(client, "api profile", "GET", "/api/profile");
    if (!expectStatus(client, "api profile", reply, client.in ? 200 : 401) || !client.in) return;
    const name = (JSON.parse(reply!.body) as { profile: { username: string } }).profile.username;
    if (name !== client.username) fail(client, `api profile: saw ${name}`);
  }

  async function profilePage(client: Client) {
    const reply = await call(client, "profile page", "GET", "/profile");
    if (expectStatus(client, "profile page", reply, client.in ? 200 : 307) && client.in && !reply!.body.includes(client.username)) {
      fail(client, "profile page: without the username");
    }
  }

  async function writeNote(client: Client) {
    const note = `soak ${client.id} ${randomBytes(4).toString("hex")}`;
    const reply = await call(client, "note write", "POST", "/api/session", { note });
    if (!expectStatus(client, "note write", reply, 200)) return;
    const cookie = sessionCookieFrom(reply!);
    if (cookie) client.cookie = cookie; // an anonymous session's first write
    if ((JSON.parse(reply!.body) as { session: { note: string } }).session.note !== note) fail(client, "note write: read back another note");
    client.note = note;
  }

  async function readNote(client: Client) {
    const reply = await call(client, "note read", "GET", "/api/session");
    if (!expectStatus(client, "note read", reply, 200)) return;
    const note = (JSON.parse(reply!.body) as { session: { note: string | null } }).session.note;
    if (note !== client.note) fail(client, `note read: ${note} instead of ${client.note}`);
  }

  async function act(client: Client) {
    if (!(await signup(client, client.username, client.password))) return;
    while (Date.now() < deadline()) {
      const roll = Math.random() * 100;
      if (roll < 4) {
        // A new account now and then keeps the user table and the hashing threads busy.
        await signup(client, `soak_${client.id}_${++client.signups}_${randomBytes(3).toString("hex")}`, client.password);
      } else if (!client.in && roll < 30) await login(client);
      else if (roll < 50) await profile(client);
      else if (roll < 64) await profilePage(client);
      else if (roll < 76) await writeNote(client);
      else if (roll < 88) await readNote(client);
      else if (roll < 96) expectStatus(client, "home", await call(client, "home", "GET", "/"), 200);
      else if (client.in) await logout(client);
    }
  }

  async function sampleMemory() {
    while (Date.now() < deadline()) {
      const at = Date.now() - started;
      if (judgedFrom === Number.POSITIVE_INFINITY && at >= WARMUP_MS && (requests >= WARMUP_REQUESTS || at >= 3 * WARMUP_MS)) judgedFrom = at;
      for (const [worker, pid] of pids) {
        const rss = rssMb(pid);
        if (rss !== null) samples.get(worker)!.push({ atMs: Date.now() - started, rssMb: rss });
      }
      await sleep(SAMPLE_MS);
    }
  }

  const clients: Client[] = Array.from({ length: CLIENTS }, (_, id) => ({
    id,
    agent: new http.Agent({ keepAlive: true, maxSockets: 1 }),
    username: `soak_${id}_${randomBytes(3).toString("hex")}`,
    password: `pw-${randomBytes(12).toString("base64url")}`,
    cookie: null,
    in: false,
    note: null,
    signups: 0,
  }));
  try {
    expect(pids.size, "the server's log names its two workers").toBe(2);
    await Promise.all([...clients.map(act), sampleMemory()]);
    for (const client of clients) client.agent.destroy();

    const logs = app.logs();
    const restarts = [...logs.matchAll(/died \(.*\); starting a new one/g)].length;
    const crashes = [...logs.matchAll(/Assertion failed|Segmentation fault|FATAL ERROR|uncaughtException/g)].map((m) => m[0]);
    const alive = [...pids.values()].filter((pid) => rssMb(pid) !== null).length;
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const fiveHundreds = [...counts].filter(([key]) => / 5\d\d$/.test(key)).reduce((n, [, v]) => n + v, 0);
    const memory = [...samples].map(([worker, list]) => {
      const trend = list.filter((s) => s.atMs >= judgedFrom);
      return {
        worker,
        pid: pids.get(worker),
        startMb: Math.round(list[0]?.rssMb ?? 0),
        afterWarmupMb: Math.round(trend[0]?.rssMb ?? 0),
        endMb: Math.round(list.at(-1)?.rssMb ?? 0),
        maxMb: Math.round(Math.max(...list.map((s) => s.rssMb))),
        slopeMbPerMinute: Math.round(slopeMbPerMinute(trend) * 100) / 100,
        samples: trend.length,
      };
    });
    const summary = {
      provider: TEST_PROVIDER,
      node: process.version,
      seconds: SECONDS,
      clients: CLIENTS,
      requests: total,
      warmupSeconds: Math.round(judgedFrom / 1000),
      requestsPerSecond: Math.round(total / (SECONDS + judgedFrom / 1000)),
      status5xx: fiveHundreds,
      crashes: crashes.length,
      workerRestarts: restarts,
      workersAliveAtEnd: alive,
      memory,
      counts: Object.fromEntries([...counts].sort()),
      failures: failures.length,
    };
    console.log(JSON.stringify(summary, null, 2));
    const slopes = memory
      .map((m) => `worker ${m.worker} ${m.slopeMbPerMinute >= 0 ? "+" : ""}${m.slopeMbPerMinute} MB/min (${m.afterWarmupMb}→${m.endMb} MB, max ${m.maxMb})`)
      .join(", ");
    console.log(
      `soak: ${TEST_PROVIDER}, Node ${process.version}, ${summary.warmupSeconds} s of warm-up + ${SECONDS} s, ${CLIENTS} clients: ${total} requests (${summary.requestsPerSecond}/s), ` +
        `${fiveHundreds} × 5xx, ${crashes.length} crashes, ${restarts} worker restarts, ${failures.length} failures; RSS slope over the last ${SECONDS} s: ${slopes} (bound ${MAX_SLOPE})`,
    );
    // Beside the spec, not in test-results/ (Playwright empties that at the next run).
    writeFileSync(join("stress", `last-run-soak-${TEST_PROVIDER}.json`), JSON.stringify({ ...summary, firstFailures: failures.slice(0, 50) }, null, 2));

    expect(failures.slice(0, 20)).toEqual([]);
    expect(crashes).toEqual([]);
    expect(restarts).toBe(0);
    expect(alive).toBe(2);
    // The load really ran: 5 requests a second at least, even on a machine shared with other work.
    expect(total).toBeGreaterThan((SECONDS + judgedFrom / 1000) * 5);
    for (const m of memory) {
      expect(m.samples, `worker ${m.worker}: RSS samples after the warm-up`).toBeGreaterThan(5);
      expect(m.slopeMbPerMinute, `worker ${m.worker}: RSS slope, MB per minute`).toBeLessThanOrEqual(MAX_SLOPE);
    }
  } finally {
    for (const client of clients) client.agent.destroy();
    await app.stop();
    await dropTestDatabase(databaseUrl);
  }
});
