import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { boundedBodies, maxBodyBytes, refusedByLength } from "../../scripts/request-body.mjs";

// The body bound of scripts/server.mjs on a real Node HTTP server, with handlers that behave like
// Next at its worst: still reading, then writing its own answer after the refusal. The whole
// production server under 300 MB uploads is e2e/security/request-bodies.spec.ts.

const LIMIT = 16 * 1024;
let server: Server | undefined;

afterEach(async () => {
  if (!server) return;
  server.closeAllConnections();
  await new Promise((resolve) => server!.close(resolve));
  server = undefined;
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<number> {
  server = createServer(boundedBodies(LIMIT), (req, res) => {
    if (!refusedByLength(req, res, LIMIT)) handler(req, res);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return (server.address() as net.AddressInfo).port;
}

/** Sends `head` and then `bodyBytes` of chunked body as fast as allowed; returns everything received. */
async function exchange(port: number, bodyBytes: number): Promise<string> {
  const socket = net.connect(port, "127.0.0.1");
  await once(socket, "connect");
  socket.write("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
  const received: Buffer[] = [];
  socket.on("data", (data) => received.push(data));
  const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
  socket.on("error", () => {});
  const chunk = Buffer.concat([Buffer.from("1000\r\n"), Buffer.alloc(4096, "a"), Buffer.from("\r\n")]);
  for (let sent = 0; sent < bodyBytes && !socket.destroyed; sent += 4096) {
    if (!socket.write(chunk)) await Promise.race([new Promise((resolve) => socket.once("drain", resolve)), closed]);
  }
  if (!socket.destroyed) socket.write("0\r\n\r\n");
  await closed;
  return Buffer.concat(received).toString("latin1");
}

describe("request body bound", () => {
  it("answers 413 JSON past the limit and ignores what the app writes afterwards", async () => {
    const port = await serve(async (req, res) => {
      const error = await new Promise((resolve) => {
        req.on("data", () => {});
        req.on("error", resolve);
        req.on("end", () => resolve(null));
      });
      // What Next does after a failed body read: a 500 page of its own. None of it may go out.
      expect(error).toMatchObject({ name: "AbortError" });
      res.setHeader("x-after", "1");
      res.writeHead(500, { "content-type": "text/html" });
      res.write("<h1>error page</h1>");
      res.end();
      res.destroy();
    });
    const answer = await exchange(port, 10 * 1024 * 1024);
    expect(answer).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/);
    expect(answer).toContain("Connection: close\r\n");
    expect(answer.split("\r\n\r\n")[1]).toBe(JSON.stringify({ error: "Request body too large", maxBytes: LIMIT }));
    expect(answer.match(/HTTP\/1\.1/g)).toHaveLength(1);
    expect(answer).not.toContain("error page");
  });

  it("lets an app that stops reading early still send its own answer, then closes", async () => {
    const port = await serve((req, res) => {
      req.once("data", () => {
        req.destroy(); // what cancelling a fetch Request's body does to the Node stream
        setTimeout(() => res.writeHead(413, { "content-type": "application/json" }).end('{"error":"mine"}'), 20);
      });
    });
    const answer = await exchange(port, 10 * 1024 * 1024);
    expect(answer).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/);
    expect(answer).toContain("Connection: close\r\n");
    expect(answer).toContain('{"error":"mine"}');
  });

  it("reads bodies within the limit whole", async () => {
    const port = await serve((req, res) => {
      let size = 0;
      req.on("data", (chunk: Buffer) => (size += chunk.length));
      req.on("end", () => res.writeHead(200, { connection: "close" }).end(String(size)));
    });
    const answer = await exchange(port, LIMIT);
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(answer.split("\r\n\r\n")[1]).toContain(String(LIMIT));
  });

  it("reads SERVER_MAX_BODY_BYTES strictly", () => {
    expect(maxBodyBytes(undefined)).toBe(1024 * 1024);
    expect(maxBodyBytes("65536")).toBe(65536);
    for (const bad of ["1k", "1000", "-1", "1e9", "1.5"]) expect(() => maxBodyBytes(bad)).toThrow(/SERVER_MAX_BODY_BYTES/);
  });
});
