// Middleware, two jobs on every page request:
// 1. the Content-Security-Policy with a fresh nonce, which Next puts on its own scripts;
// 2. for protected pages, an early, optimistic redirect of visitors without a logged-in session's
//    sealed cookie (an anonymous visitor's session cookie says so inside the seal).
//    It is not the access check: every protected page, action and API route asks the database
//    again through lib/auth, so a bypass of this file exposes nothing.
import { NextResponse, type NextRequest } from "next/server";
import { cookieIsSecure, loginPath, sessionCookieName, unsealSession } from "@/lib/auth/edge";
import { BARE_PAGE_HEADER, BARE_PAGE_PATH, benchPagesEnabled } from "./lib/http/bench-pages";
import { contentSecurityPolicy, newNonce } from "./lib/http/csp";

export const config = {
  // Node's runtime, not the edge sandbox: the same code, without the sandbox's copies of every
  // request and response and its Headers (docs/PERFORMANCE.md). It still imports only
  // lib/auth/edge, so it could move back.
  runtime: "nodejs",
  // Pages only: the API answers JSON and static files need no nonce.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"],
};

const PROTECTED = /^\/(profile|admin)(\/|$)/;

/** What the gate decided, for the lifecycle inspector on /profile (always overwritten here). */
const EDGE_GATE_HEADER = "x-seed-edge-gate";

export async function middleware(request: NextRequest): Promise<NextResponse> {
  const { pathname, search } = request.nextUrl;
  let gate = "not a protected path";
  if (PROTECTED.test(pathname)) {
    const started = performance.now();
    const pointer = await unsealSession(request.cookies.get(sessionCookieName())?.value);
    if (!pointer || pointer.anonymous) return NextResponse.redirect(new URL(loginPath(pathname + search), request.url), 307);
    gate = `passed: the cookie unsealed to a logged-in session (${(performance.now() - started).toFixed(2)} ms)`;
  }
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development", https: cookieIsSecure() });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  requestHeaders.set(EDGE_GATE_HEADER, gate);
  requestHeaders.delete(BARE_PAGE_HEADER);
  if (pathname === BARE_PAGE_PATH && benchPagesEnabled()) requestHeaders.set(BARE_PAGE_HEADER, "1");
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}
