import http from "node:http";

// By default one HTTP request per TCP connection (no keep-alive), so that a reset always means a
// request the server accepted and then dropped, never the keep-alive race of an idle socket
// closing. A long run passes a keep-alive agent of its own instead (too many closed connections
// would wait out TIME_WAIT), and keeps each socket busy so that race cannot happen.

export type Reply = { status: number; body: string; setCookie: string[]; location?: string };
export type Outcome = { ok: true; reply: Reply } | { ok: false; error: string };

export function send(
  base: URL,
  method: "GET" | "POST",
  path: string,
  options: { cookie?: string | null; json?: unknown; timeoutMs?: number; agent?: http.Agent } = {},
): Promise<Outcome> {
  const body = options.json === undefined ? undefined : JSON.stringify(options.json);
  return new Promise((resolve) => {
    const request = http.request(
      {
        host: base.hostname,
        port: base.port,
        method,
        path,
        agent: options.agent ?? false,
        headers: {
          ...(options.cookie ? { cookie: `sessionid=${options.cookie}` } : {}),
          ...(body !== undefined ? { "content-type": "application/json", "content-length": Buffer.byteLength(body) } : {}),
          "user-agent": "seed-stress",
        },
        timeout: options.timeoutMs ?? 30_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            ok: true,
            reply: {
              status: response.statusCode ?? 0,
              body: Buffer.concat(chunks).toString("utf8"),
              setCookie: response.headers["set-cookie"] ?? [],
              location: response.headers.location,
            },
          }),
        );
        response.on("error", (error) => resolve({ ok: false, error: errorCode(error) }));
      },
    );
    request.on("timeout", () => request.destroy(Object.assign(new Error("timeout"), { code: "TIMEOUT" })));
    request.on("error", (error) => resolve({ ok: false, error: errorCode(error) }));
    request.end(body);
  });
}

function errorCode(error: Error): string {
  return (error as NodeJS.ErrnoException).code ?? error.message;
}

/** The session cookie's new value from a response: a string, "" when cleared, undefined when untouched. */
export function sessionCookieFrom(reply: Reply): string | undefined {
  const header = reply.setCookie.find((value) => value.startsWith("sessionid="));
  if (header === undefined) return undefined;
  return header.slice("sessionid=".length).split(";")[0]!;
}
