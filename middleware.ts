// Edge gate: an early, optimistic redirect for visitors without a valid sealed cookie. It is not
// the access check: every protected page, action and API route asks the database again through
// lib/auth, so a bypass of this file exposes nothing.
import { NextResponse, type NextRequest } from "next/server";
import { sessionCookieName, unsealSessionKey } from "./lib/auth/cookie";
import { loginPath } from "./lib/auth/redirect";

export const config = {
  matcher: ["/profile/:path*"],
};

export async function middleware(request: NextRequest): Promise<NextResponse> {
  const key = await unsealSessionKey(request.cookies.get(sessionCookieName())?.value);
  if (key) return NextResponse.next();
  const { pathname, search } = request.nextUrl;
  return NextResponse.redirect(new URL(loginPath(pathname + search), request.url), 307);
}
