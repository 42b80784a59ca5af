// Edge middleware, two jobs on every page request:
// 1. the Content-Security-Policy with a fresh nonce, which Next puts on its own scripts;
// 2. for protected pages, an early, optimistic redirect of visitors without a valid sealed cookie.
//    It is not the access check: every protected page, action and API route asks the database
//    again through lib/auth, so a bypass of this file exposes nothing.
import { NextResponse, type NextRequest } from "next/server";
import { cookieIsSecure } from "./lib/auth/config";
import { sessionCookieName, unsealSessionKey } from "./lib/auth/cookie";
import { loginPath } from "./lib/auth/redirect";
import { contentSecurityPolicy, newNonce } from "./lib/http/csp";

export const config = {
  // Pages only: the API answers JSON and static files need no nonce.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"],
};

const PROTECTED = /^\/(profile|admin)(\/|$)/;

export async function middleware(request: NextRequest): Promise<NextResponse> {
  const { pathname, search } = request.nextUrl;
  if (PROTECTED.test(pathname) && !(await unsealSessionKey(request.cookies.get(sessionCookieName())?.value))) {
    return NextResponse.redirect(new URL(loginPath(pathname + search), request.url), 307);
  }
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development", https: cookieIsSecure() });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}
