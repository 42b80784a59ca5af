import "server-only";
import { NextResponse } from "next/server";

// A JSON answer, never cached. Its own module, free of lib/auth, so that /api/health (asked by
// load balancers every few seconds) does not load the whole auth stack into its route's chunk.

export function json(body: unknown, status = 200, headers?: HeadersInit): NextResponse {
  const response = NextResponse.json(body, { status, headers });
  response.headers.set("Cache-Control", "no-store");
  return response;
}
