import { sealData, unsealData } from "iron-session";
import { secretId } from "../../lib/auth/secrets/secret-rules.mjs";
import type { APIResponse, BrowserContext, Cookie, TestInfo } from "@playwright/test";

// Helpers for looking at the session cookie from the outside: what the browser keeps, what the
// server sets, and (with the test server's secret) what the seal holds.

export const SESSION_COOKIE = "sessionid";

export async function sessionCookie(context: BrowserContext): Promise<Cookie | undefined> {
  return (await context.cookies()).find((cookie) => cookie.name === SESSION_COOKIE);
}

/**
 * The session cookie when it belongs to a login; undefined when there is none or it points at an
 * anonymous visitor's session (which a signup's or a logout's flash message creates).
 */
export async function loginCookie(context: BrowserContext, testInfo: TestInfo): Promise<Cookie | undefined> {
  const cookie = await sessionCookie(context);
  if (!cookie) return undefined;
  return (await unsealCookie(cookie.value, testInfo)).a === 1 ? undefined : cookie;
}

/** The Set-Cookie header for the session cookie in a response, if any. */
export function sessionSetCookie(response: APIResponse): string | undefined {
  return response
    .headersArray()
    .filter((header) => header.name.toLowerCase() === "set-cookie")
    .map((header) => header.value)
    .find((value) => value.startsWith(`${SESSION_COOKIE}=`));
}

/** The value part of a Set-Cookie header. */
export function cookieValue(setCookie: string): string {
  return setCookie.slice(setCookie.indexOf("=") + 1).split(";")[0]!;
}

/** The cookie header that replays a session cookie value from a client with an empty jar. */
export function cookieHeader(value: string): Record<string, string> {
  return { cookie: `${SESSION_COOKIE}=${value}` };
}

/**
 * The secret the e2e server seals cookies with, as playwright.config.ts sets it (in the
 * environment: with two web servers, testInfo.config.webServer is null).
 */
function serverSecret(_testInfo: TestInfo): string {
  const secret = process.env.E2E_SESSION_SECRET;
  if (!secret) throw new Error("playwright.config.ts sets no E2E_SESSION_SECRET");
  return secret;
}

/** What the sealed cookie holds, opened with the server's secret. */
export async function unsealCookie(value: string, testInfo: TestInfo): Promise<Record<string, unknown>> {
  const secret = serverSecret(testInfo);
  return unsealData<Record<string, unknown>>(value, { password: { [secretId(secret)]: secret } });
}

/** A cookie value sealed with the server's own secret around any key: what an attacker who
 * stole the secret, or a stale browser, would send. It passes the edge gate by design. */
export async function sealCookie(key: string, testInfo: TestInfo): Promise<string> {
  const secret = serverSecret(testInfo);
  return sealData({ k: key, p: "session" }, { password: { [secretId(secret)]: secret }, ttl: 3600 });
}

/** The same value with one letter or digit near the middle replaced by another. */
export function flipOneCharacter(value: string): string {
  let i = Math.floor(value.length / 2);
  while (i < value.length - 1 && !/[A-Za-z0-9]/.test(value[i]!)) i++;
  const replacement = value[i] === "A" ? "B" : "A";
  return value.slice(0, i) + replacement + value.slice(i + 1);
}
