import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { log } from "../log";
import { json } from "./json";
import { fieldErrors, isTemporarilyUnavailable, requestId } from "@/lib/auth";

// Shared plumbing of the JSON API: body parsing, the same-origin rule, and error answers that
// never carry a stack trace.

const MAX_BODY_BYTES = 16 * 1024;

export { json };

/** 429 with the wait in Retry-After; says nothing about whether the password was right. */
export function throttledResponse(retryAfter: number): NextResponse {
  return json({ error: `Too many attempts. Try again in ${retryAfter} seconds.`, retryAfter }, 429, { "Retry-After": String(retryAfter) });
}

type InputResult = { ok: true; data: Record<string, unknown> } | { ok: false; response: NextResponse };

/**
 * The body as text, read with a running count: past the limit the read stops (with or without a
 * Content-Length) instead of holding whatever a client sends. scripts/server.mjs bounds every
 * body too, at a larger size, and keeps the connection up until this 413 is out.
 */
async function readBody(request: Request): Promise<{ ok: true; text: string } | { ok: false; response: NextResponse }> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) return { ok: false, response: tooLarge() };
  if (!request.body) return { ok: true, text: "" };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BODY_BYTES) {
        reader.cancel().catch(() => {});
        return { ok: false, response: tooLarge() };
      }
      chunks.push(value);
    }
  } catch {
    return { ok: false, response: json({ error: "Unreadable request body" }, 400) };
  }
  // As request.text() decodes: UTF-8, a leading BOM dropped, bad bytes replaced.
  return { ok: true, text: new TextDecoder().decode(Buffer.concat(chunks)) };
}

function tooLarge(): NextResponse {
  return json({ error: "Request body too large", maxBytes: MAX_BODY_BYTES }, 413);
}

/** The request's fields from a JSON object or a form-encoded body. */
async function readInput(request: Request): Promise<InputResult> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  const body = await readBody(request);
  if (!body.ok) return body;
  const { text } = body;
  if (type === "application/json") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return fail(400, "Malformed JSON body");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      return fail(400, "The JSON body must be an object");
    }
    return { ok: true, data: parsed as Record<string, unknown> };
  }
  if (type === "application/x-www-form-urlencoded") {
    return { ok: true, data: Object.fromEntries(new URLSearchParams(text)) };
  }
  return fail(415, "Send application/json or application/x-www-form-urlencoded");
}

/**
 * Browsers send Origin on cross-site POSTs; a mismatch is refused (CSRF). Requests without an
 * Origin header (curl, server-to-server) carry no ambient browser credentials from another site.
 */
function isCrossOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (origin === null) return false;
  const host = request.headers.get("host");
  try {
    return origin === "null" || !host || new URL(origin).host !== host;
  } catch {
    return true;
  }
}

function crossOriginRefused(): NextResponse {
  return json({ error: "Cross-origin request refused" }, 403);
}

/** Runs a handler; database outages answer 503, anything else 500, both without internals. */
export async function guarded(handler: () => Promise<NextResponse>): Promise<NextResponse> {
  try {
    return await handler();
  } catch (error) {
    if (isTemporarilyUnavailable(error)) {
      log.warn({ event: "database_unavailable", requestId: await requestId() });
      return json({ error: "Service temporarily unavailable" }, 503, { "Retry-After": "5" });
    }
    log.error({ event: "api_error", requestId: await requestId(), error: error instanceof Error ? error.name : typeof error });
    return json({ error: "Internal server error" }, 500);
  }
}

type Handler = (request: Request) => Promise<NextResponse>;

/** A POST handler: same-origin only, errors answered by `guarded`. */
export function post(handler: Handler): Handler {
  return async (request) => (isCrossOrigin(request) ? crossOriginRefused() : guarded(() => handler(request)));
}

/** A POST handler whose body is parsed by `schema`; invalid input gets 400 with errors per field. */
export function validatedPost<S extends z.ZodType>(schema: S, handler: (input: z.infer<S>, request: Request) => Promise<NextResponse>): Handler {
  return post(async (request) => {
    const input = await readInput(request);
    if (!input.ok) return input.response;
    const parsed = schema.safeParse(input.data);
    if (!parsed.success) return json({ error: "Invalid input", fields: fieldErrors(parsed.error) }, 400);
    return handler(parsed.data, request);
  });
}

function fail(status: number, error: string): InputResult {
  return { ok: false, response: json({ error }, status) };
}
