// Runs once when a server process starts (see lib/startup.ts), and on every error Next catches.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // A setting that does not parse (lib/auth/config.ts throws while loading) must stop the
    // server here: Next would log the failed hook and serve 500s.
    let startup: typeof import("./lib/startup");
    try {
      startup = await import("./lib/startup");
    } catch (error) {
      console.error(`seed: ${(error as Error).message}`);
      process.exit(1);
    }
    startup.checkAndWarm();
    // scripts/server.mjs listens only after this (Next runs register() alongside its own start).
    (globalThis as { [key: symbol]: unknown })[Symbol.for("seed.startupChecked")] = true;
    const ready = (globalThis as { [key: symbol]: (() => void) | undefined })[Symbol.for("seed.startupReady")];
    ready?.();
  }
}

type RequestErrorContext = { routePath: string; routeType: string };
type ErroredRequest = { path: string; method: string; headers: Record<string, string | string[] | undefined> };

/** One JSON line per error, with the request id: the error's name and digest, never its message
 * (Prisma's can quote query values). */
export async function onRequestError(error: unknown, request: ErroredRequest, context: RequestErrorContext): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { log } = await import("./lib/log");
  const e = error as { name?: string; digest?: string };
  log.error({
    event: "request_error",
    requestId: request.headers["x-request-id"] ?? null,
    method: request.method,
    route: context.routePath,
    routeType: context.routeType,
    error: e?.name ?? typeof error,
    digest: e?.digest,
  });
}
