import net from "node:net";

// An HTTP/1.1 client on a bare socket, for request bodies no ordinary client would send: hundreds
// of megabytes generated as they go (never held in memory), chunked or under a Content-Length
// that can lie. It reads the answer while it is still sending, and goes on sending after it until
// the whole body is out or the server ends the connection, so `sent` says how much the server let
// in (its own and the kernel's buffers included).

export type UploadOptions = {
  path: string;
  headers?: Record<string, string>;
  /** Sent first as part of the body, e.g. the start of a JSON object or a multipart part. */
  prefix?: string;
  /** Body bytes to send in all (prefix included), unless the server answers first. */
  bodyBytes: number;
  /** Content-Length to declare; without it the body is chunked (no Content-Length at all). */
  contentLength?: number;
  /** Send Expect: 100-continue and wait for the server's 100 before sending the body. */
  expectContinue?: boolean;
};

export type UploadAnswer = {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Body bytes handed to the socket before the body was complete or the connection ended. */
  sent: number;
  /** The server said 100 Continue first. */
  continued: boolean;
};

const CHUNK = Buffer.alloc(64 * 1024, "a");

/** The whole body of an answer, or null while some of it is still to come. */
function readBody(data: Buffer, headers: Record<string, string>): string | null {
  if (headers["transfer-encoding"] === "chunked") {
    const parts: Buffer[] = [];
    for (let at = 0; ;) {
      const lineEnd = data.indexOf("\r\n", at);
      if (lineEnd < 0) return null;
      const size = parseInt(data.subarray(at, lineEnd).toString("latin1"), 16);
      if (size === 0) return Buffer.concat(parts).toString("utf8");
      if (data.length < lineEnd + 2 + size + 2) return null;
      parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
  }
  const length = Number(headers["content-length"] ?? 0);
  return data.length < length ? null : data.subarray(0, length).toString("utf8");
}

export function upload(baseURL: string, options: UploadOptions): Promise<UploadAnswer> {
  const { hostname, port, host } = new URL(baseURL);
  const chunked = options.contentLength === undefined;
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname === "localhost" ? "127.0.0.1" : hostname);
    let received = Buffer.alloc(0);
    let answer: UploadAnswer | null = null;
    let continued = false;
    let sent = 0;
    let stopped = false; // the body is all out, or the connection is gone
    let wake: (() => void) | null = null;

    const done = (error?: Error) => {
      stopped = true;
      wake?.();
      socket.destroy();
      if (answer) resolve({ ...answer, sent, continued });
      else reject(error ?? new Error(`the connection ended without an answer after ${sent} body bytes`));
    };
    const bodySent = () => {
      stopped = true;
      if (answer) done();
    };

    socket.on("data", (data) => {
      received = Buffer.concat([received, data]);
      for (;;) {
        const end = received.indexOf("\r\n\r\n");
        if (end < 0) return;
        const [statusLine, ...lines] = received.subarray(0, end).toString("latin1").split("\r\n");
        const status = Number(statusLine!.split(" ")[1]);
        const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]));
        if (status === 100) {
          continued = true;
          received = received.subarray(end + 4);
          wake?.();
          continue;
        }
        const body = readBody(received.subarray(end + 4), headers);
        if (body === null) return; // not all here yet
        answer = { status, headers, body, sent, continued };
        // A final answer instead of 100 Continue means: do not send the body.
        if (stopped || (options.expectContinue && !continued)) done();
        return;
      }
    });
    socket.on("error", (error) => done(error));
    socket.on("close", () => done());
    socket.on("drain", () => wake?.());

    const waitForSocket = () => new Promise<void>((resume) => (wake = resume));

    socket.on("connect", async () => {
      const head = [
        `POST ${options.path} HTTP/1.1`,
        `Host: ${host}`,
        ...Object.entries(options.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
        chunked ? "Transfer-Encoding: chunked" : `Content-Length: ${options.contentLength}`,
        ...(options.expectContinue ? ["Expect: 100-continue"] : []),
      ];
      socket.write(`${head.join("\r\n")}\r\n\r\n`);
      if (options.expectContinue) {
        while (!continued && !stopped) await waitForSocket();
      }
      const prefix = Buffer.from(options.prefix ?? "");
      const write = (data: Buffer): boolean => {
        sent += data.length;
        return socket.write(chunked ? Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from("\r\n")]) : data);
      };
      let ok = prefix.length === 0 || write(prefix);
      while (!stopped && sent < options.bodyBytes) {
        if (!ok) {
          await waitForSocket();
          ok = true;
          continue;
        }
        const size = Math.min(CHUNK.length, options.bodyBytes - sent);
        ok = write(size === CHUNK.length ? CHUNK : CHUNK.subarray(0, size));
      }
      if (stopped) return;
      if (chunked) socket.write("0\r\n\r\n");
      bodySent();
    });
  });
}
