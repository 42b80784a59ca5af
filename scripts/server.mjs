#!/usr/bin/env node
// The HTTP server `npm start` runs: Next's request handler behind a thin Node server that works
// out the client address (socket + trusted proxies), adds HSTS over HTTPS and drains in-flight
// requests on SIGTERM. Run through scripts/start.mjs, which prepares secret, database and build.
import { randomBytes, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { join } from "node:path";
import next from "next";
import { clientAddress, trustedProxyHops } from "./client-address.mjs";

const root = join(import.meta.dirname, "..");
const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const hops = trustedProxyHops();

// The client address travels to lib/auth in a header whose name only this process knows, so a
// client cannot send it; served by plain `next start`, the app sees no address at all.
const addressHeader = `x-seed-client-address-${randomBytes(8).toString("hex")}`;
process.env.SEED_CLIENT_ADDRESS_HEADER = addressHeader;

const httpsOnly =
  ["true", "1"].includes(process.env.SESSION_COOKIE_SECURE ?? "") ||
  (!["false", "0"].includes(process.env.SESSION_COOKIE_SECURE ?? "") &&
    (process.env.APP_ORIGIN ?? "").startsWith("https://"));

const app = next({ dev, dir: root, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => {
  for (const name of Object.keys(req.headers)) {
    if (name.startsWith("x-seed-client-address")) delete req.headers[name];
  }
  // A request id for the logs, always ours: whatever a client sends in x-request-id is replaced.
  // It is not sent back, so two answers to the same question stay byte-identical.
  req.headers["x-request-id"] = randomUUID();
  const address = clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], hops);
  if (address) req.headers[addressHeader] = address;
  if (httpsOnly) res.setHeader("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  handle(req, res);
});
server.keepAliveTimeout = 5_000;
server.listen(port, () => {
  console.log(`seed: listening on http://localhost:${port} (${dev ? "development" : "production"}, trusted proxy hops: ${hops})`);
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
