import { randomBytes } from "node:crypto";
import type { APIRequestContext, APIResponse } from "@playwright/test";
import { findUser } from "../support/db";
import { expect, test } from "../support/fixtures";
import { cookieHeader, cookieValue, sealCookie, sessionSetCookie, unsealCookie } from "../support/session-cookie";

// Next.js specifics. The edge middleware only checks that a cookie unseals, so a cookie sealed
// with the real secret around a key the database does not know (or no longer knows) walks past it,
// exactly as if the middleware were disabled or bypassed (CVE-2025-29927). Whatever the request
// looks like, the page, the RSC payload and the API must still refuse it.

const BYPASS_VARIANTS: { name: string; path: string; headers: Record<string, string> }[] = [
  { name: "a plain request", path: "/profile", headers: {} },
  { name: "x-middleware-subrequest", path: "/profile", headers: { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" } },
  { name: "an RSC request", path: "/profile", headers: { RSC: "1" } },
  { name: "a router prefetch", path: "/profile", headers: { RSC: "1", "Next-Router-Prefetch": "1" } },
  { name: "a trailing slash", path: "/profile/", headers: {} },
  { name: "a percent-encoded path", path: "/%70rofile", headers: {} },
  { name: "an encoded trailing slash", path: "/profile%2F", headers: {} },
  { name: "a double slash", path: "//profile", headers: {} },
];

async function fetchManual(api: APIRequestContext, path: string, headers: Record<string, string>): Promise<APIResponse> {
  // The full URL: "//profile" alone would read as a host name.
  return api.get(`${process.env.E2E_BASE_URL}${path}`, { headers, maxRedirects: 0 });
}

/** The hidden fields React renders into a server-action form for browsers without JavaScript. */
function hiddenActionFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [, name, value = ""] of html.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/>/g)) {
    fields[name!] = value.replaceAll("&quot;", '"').replaceAll("&amp;", "&");
  }
  return fields;
}

/** The response shows no profile: a redirect to /login, a 404, or an RSC redirect, never the page. */
async function expectNoProfile(response: APIResponse, username: string | null) {
  const body = await response.text();
  expect(response.status(), body.slice(0, 200)).not.toBe(500);
  expect(body).not.toContain("profile-username");
  if (username) expect(body).not.toContain(username);
  if (response.status() === 200) expect(body).toMatch(/NEXT_REDIRECT|\/login/);
}

for (const variant of BYPASS_VARIANTS) {
  test(`middleware bypass: ${variant.name} with a well-sealed unknown key shows no profile`, async ({ anonymousRequest }, testInfo) => {
    const forged = await sealCookie(randomBytes(32).toString("base64url"), testInfo);
    await expectNoProfile(await fetchManual(anonymousRequest, variant.path, { ...variant.headers, ...cookieHeader(forged) }), null);
  });

  test(`middleware bypass: ${variant.name} with a logged-out cookie shows no profile`, async ({ request, anonymousRequest, apiUser }) => {
    const login = await request.post("/api/login", { data: apiUser });
    const cookie = cookieValue(sessionSetCookie(login)!);
    await request.post("/api/logout");
    await expectNoProfile(await fetchManual(anonymousRequest, variant.path, { ...variant.headers, ...cookieHeader(cookie) }), apiUser.username);
  });
}

test("middleware bypass: the API refuses a well-sealed unknown key", async ({ anonymousRequest }, testInfo) => {
  const forged = await sealCookie(randomBytes(32).toString("base64url"), testInfo);
  const response = await anonymousRequest.get("/api/profile", {
    headers: { ...cookieHeader(forged), "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" },
  });
  expect(response.status()).toBe(401);
});

test("a server action posted from another origin is refused and logs nobody in", async ({ anonymousRequest, apiUser, baseURL }) => {
  const fields = hiddenActionFields(await (await anonymousRequest.get("/login")).text());
  expect(
    Object.keys(fields).some((name) => name.startsWith("$ACTION_")),
    "the login form's action fields",
  ).toBe(true);
  const post = (origin: string) =>
    anonymousRequest.post("/login", {
      multipart: { ...fields, username: apiUser.username, password: apiUser.password },
      headers: { origin },
      maxRedirects: 0,
    });
  const foreign = await post("https://evil.example");
  expect(foreign.status()).toBeGreaterThanOrEqual(400);
  expect(sessionSetCookie(foreign)).toBeUndefined();
  // The same post from our own origin logs in: the refusal above was the origin check.
  const own = await post(new URL(baseURL!).origin);
  expect(sessionSetCookie(own)).toBeDefined();
});

test("no password hash, sealed cookie or session key in any HTML, RSC payload or Location", async ({ page, context, apiUser, loginPage }, testInfo) => {
  const seen: string[] = [];
  page.on("response", async (response) => {
    seen.push(response.headers()["location"] ?? "");
    const type = response.headers()["content-type"] ?? "";
    if (/html|x-component|json|text/.test(type)) seen.push(await response.text().catch(() => ""));
  });
  await loginPage.loginSuccessfully(apiUser);
  await page.goto("/");
  await page.goto("/profile");
  await page.getByRole("link", { name: "Profile" }).first().click(); // a client-side navigation: RSC payload
  const cookie = (await context.cookies()).find((c) => c.name === "sessionid")!.value;
  const key = String((await unsealCookie(cookie, testInfo)).k);
  const hash = (await findUser(apiUser.username))!.password;
  await page.waitForLoadState("networkidle");
  const everything = seen.join("\n");
  expect(everything.length).toBeGreaterThan(1000);
  for (const secret of [cookie, key, hash, hash.split("$").pop()!, apiUser.password]) {
    expect(everything).not.toContain(secret);
  }
  expect(everything).not.toContain("bcrypt_sha256$");
});

test("authenticated pages and API answers are never stored by caches", async ({ request, apiUser }) => {
  await request.post("/api/login", { data: apiUser });
  for (const path of ["/profile", "/api/profile", "/"]) {
    const response = await request.get(path);
    expect(response.status()).toBe(200);
    expect(response.headers()["cache-control"], path).toContain("no-store");
  }
});
