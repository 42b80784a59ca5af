#!/usr/bin/env node
// The HTTP server `npm start` runs: Next's request handler behind a thin Node server that works
// out the client address (socket + trusted proxies), bounds request bodies while they arrive
// (scripts/request-body.mjs), gives every page its nonce Content-Security-Policy (lib/http/csp.mjs),
// adds HSTS over HTTPS and drains in-flight requests on SIGTERM.
// Run through scripts/start.mjs, which prepares secret, database and build.
//
// Like gunicorn's workers, WEB_CONCURRENCY processes (default: one per core) share the port
// through node:cluster: the primary forks them, replaces one that dies, and on SIGTERM lets each
// drain. Nothing shared lives in a process: sessions and throttle counters are in the database.
import cluster from "node:cluster";
import { randomBytes, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { markBarePage } from "../lib/http/bench-pages.mjs";
import { applyPagePolicy } from "../lib/http/csp.mjs";
import { clientAddress, trustedProxyHops } from "./client-address.mjs";
import { boundedBodies, maxBodyBytes, refusedByLength } from "./request-body.mjs";

const root = join(import.meta.dirname, "..");
const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const hops = trustedProxyHops();
const workers = dev ? 1 : webConcurrency(process.env.WEB_CONCURRENCY);
const bodyLimit = settingOrExit(maxBodyBytes);

function settingOrExit(read) {
  try {
    return read();
  } catch (error) {
    console.error(`seed: ${error.message}`);
    process.exit(1);
  }
}

function webConcurrency(value) {
  if (value === undefined || value === "") return availableParallelism();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    console.error(`seed: WEB_CONCURRENCY must be an integer from 1 to 64 (got "${value}")`);
    process.exit(1);
  }
  return n;
}

if (workers > 1 && cluster.isPrimary) runPrimary(workers);
else await serve();

function runPrimary(count) {
  /** A worker that dies before it ever listened is a start-up failure, not a crash: stop. */
  const listening = new Set();
  let stopping = false;
  const fork = (id) => {
    const worker = cluster.fork({ SEED_WORKER_ID: String(id), SEED_WORKERS: String(count) });
    worker.on("listening", () => listening.add(worker.id));
    worker.on("exit", (code, signal) => {
      if (stopping) return;
      if (!listening.has(worker.id)) {
        console.error(`seed: worker ${id} could not start (exit code ${code ?? signal}); stopping`);
        stopping = true;
        for (const other of Object.values(cluster.workers ?? {})) other?.process.kill("SIGTERM");
        process.exitCode = code || 1;
        return;
      }
      console.error(`seed: worker ${id} (pid ${worker.process.pid}) died (${signal ?? `exit code ${code}`}); starting a new one`);
      fork(id);
    });
  };
  for (let id = 1; id <= count; id++) fork(id);
  console.log(`seed: ${count} worker processes (WEB_CONCURRENCY) share port ${port}`);

  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      // Each worker drains its own in-flight requests, then exits; the primary follows the last.
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
      setTimeout(() => process.exit(0), 30_000).unref();
    });
  }
}

/**
 * In place of `res.flushHeaders()`. Next sends every response body through one stream writer
 * whose first write calls flushHeaders() and then write(chunk) at once; flushHeaders writes the
 * headers to the socket on their own, so every response cost two writes (header, then body and
 * end together, which Node corks). Fixing the headers here (writeHead: they can no longer change,
 * as after flushHeaders) and leaving them to go out with that first chunk makes it one write.
 */
function freezeHeaders() {
  if (!this.headersSent) this.writeHead(this.statusCode); // what flushHeaders itself does first
}

/**
 * Resolves once instrumentation.ts has checked the settings (the session secrets among them).
 * Next runs that hook alongside app.prepare() rather than before it resolves, so a worker would
 * listen first and exit after; the primary took that for a crash and started another, forever.
 * Waiting here makes a bad setting end the worker before it listens, which stops the server.
 * (In development Next loads the hook another way; nothing waits there.)
 */
function startupChecked() {
  if (dev) return Promise.resolve();
  return new Promise((resolve) => {
    if (globalThis[Symbol.for("seed.startupChecked")]) return resolve();
    const late = setTimeout(() => {
      console.warn("seed: the start-up checks (instrumentation.ts) did not report within 60 s; listening anyway");
      resolve();
    }, 60_000);
    globalThis[Symbol.for("seed.startupReady")] = () => {
      clearTimeout(late);
      resolve();
    };
  });
}

async function serve() {
  const { default: next } = await import("next");

  // The client address travels to lib/auth in a header whose name only this process knows, so a
  // client cannot send it; served by plain `next start`, the app sees no address at all.
  const addressHeader = `x-seed-client-address-${randomBytes(8).toString("hex")}`;
  process.env.SEED_CLIENT_ADDRESS_HEADER = addressHeader;

  const httpsOnly =
    ["true", "1"].includes(process.env.SESSION_COOKIE_SECURE ?? "") ||
    (!["false", "0"].includes(process.env.SESSION_COOKIE_SECURE ?? "") && (process.env.APP_ORIGIN ?? "").startsWith("https://"));

  const app = next({ dev, dir: root, port });
  const handle = app.getRequestHandler();
  const checked = startupChecked();
  await app.prepare();
  await checked;
  forceCollections(process.env.SEED_TEST_GC_INTERVAL_MS);

  const onRequest = (req, res) => {
    if (httpsOnly) res.setHeader("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
    if (refusedByLength(req, res, bodyLimit)) return;
    for (const name of Object.keys(req.headers)) {
      if (name.startsWith("x-seed-client-address")) delete req.headers[name];
    }
    // A request id for the logs, always ours: whatever a client sends in x-request-id is replaced.
    // It is not sent back, so two answers to the same question stay byte-identical.
    req.headers["x-request-id"] = randomUUID();
    const address = clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], hops);
    if (address) req.headers[addressHeader] = address;
    applyPagePolicy(req, res, { dev, https: httpsOnly });
    markBarePage(req);
    res.flushHeaders = freezeHeaders;
    handle(req, res);
  };
  const server = createServer(boundedBodies(bodyLimit), onRequest);
  // Expect: 100-continue: a body that would be refused is refused before the client sends it.
  server.on("checkContinue", (req, res) => {
    if (!(Number(req.headers["content-length"]) > bodyLimit)) res.writeContinue();
    onRequest(req, res);
  });
  server.keepAliveTimeout = 5_000;
  server.listen(port, () => {
    const worker = cluster.isWorker ? `, worker ${process.env.SEED_WORKER_ID} pid ${process.pid}` : "";
    console.log(`seed: listening on http://localhost:${port} (${dev ? "development" : "production"}, trusted proxy hops: ${hops}${worker})`);
  });

  // SIGTERM: stop accepting, let in-flight requests finish, then exit (forced after 25 s).
  let stopping = false;
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      server.close(() => process.exit(0));
      server.closeIdleConnections();
      setTimeout(() => process.exit(0), 25_000).unref();
    });
  }
}

/**
 * Tests only (`npm run test:soak`): a full collection every `ms` milliseconds, so that whatever
 * native memory garbage collection frees (prepared statements among them) is freed under load
 * all the time, not once in a while. Needs --expose-gc (NODE_OPTIONS); refusing to start
 * without it keeps a soak run from passing without the pressure it asked for.
 */
function forceCollections(ms) {
  if (!ms) return;
  const interval = Number(ms);
  const problem =
    !Number.isInteger(interval) || interval < 10
      ? `SEED_TEST_GC_INTERVAL_MS must be a whole number of milliseconds, at least 10 (got "${ms}")`
      : typeof globalThis.gc !== "function"
        ? "SEED_TEST_GC_INTERVAL_MS needs --expose-gc in NODE_OPTIONS"
        : null;
  if (problem) {
    // Exit here: Next's own uncaughtException handler would end the process with status 0.
    console.error(`seed: ${problem}`);
    process.exit(1);
  }
  setInterval(() => globalThis.gc(), interval).unref();
}
