// Middleware: an early, optimistic redirect to the login page for visitors of protected pages who
// are not logged in. It is not the access check: every protected page, action and API route asks
// the database again through lib/auth, so a bypass of this file exposes nothing.
// The matcher runs it only for requests that carry no session cookie: Next's middleware costs
// about half a millisecond of CPU per request before this code runs (docs/PERFORMANCE.md), and a
// logged-in user's every page would pay it for a check the page makes anyway. A visitor with a
// cookie that is not a logged-in session's (an anonymous session, an old or forged seal) gets the
// same redirect from the page. Each page's CSP nonce comes from scripts/server.mjs.
import { NextResponse, type NextRequest } from "next/server";
import { loginPath, sessionCookieName, unsealSession } from "@/lib/auth/edge";

export const config = {
  // Node's runtime, not the edge sandbox: the same code, without the sandbox's copies of every
  // request and response (docs/PERFORMANCE.md). It imports only lib/auth/edge, so it could move back.
  runtime: "nodejs",
  // Literal, as Next reads it at build time. Both names the session cookie can have
  // (lib/auth/cookies.ts): "__Host-sessionid" over HTTPS.
  matcher: [
    {
      source: "/profile/:path*",
      missing: [
        { type: "cookie", key: "sessionid" },
        { type: "cookie", key: "__Host-sessionid" },
      ],
    },
    {
      source: "/admin/:path*",
      missing: [
        { type: "cookie", key: "sessionid" },
        { type: "cookie", key: "__Host-sessionid" },
      ],
    },
  ],
};

const PROTECTED = /^\/(profile|admin)(\/|$)/;

export async function middleware(request: NextRequest): Promise<NextResponse> {
  const { pathname, search } = request.nextUrl;
  // Should it run with a cookie after all (another matcher), a logged-in session's seal passes.
  if (PROTECTED.test(pathname)) {
    const pointer = await unsealSession(request.cookies.get(sessionCookieName())?.value);
    if (!pointer || pointer.anonymous) return NextResponse.redirect(new URL(loginPath(pathname + search), request.url), 307);
  }
  return NextResponse.next();
}
