import fc from "fast-check";
import type { APIRequestContext, APIResponse } from "@playwright/test";
import { findUser } from "../support/db";
import { expect, randomCredentials, test } from "../support/fixtures";
import { SESSION_COOKIE } from "../support/session-cookie";

// Property-based: random and hostile values in every field, header and cookie the app reads.
// Every answer must be a 4xx with a clear JSON error (or the page's own redirect), never a 5xx,
// and a rejected request must leave the database as it was.

const RUNS = Number(process.env.FUZZ_RUNS ?? 100);

/** Strings that break naive code: control characters, NUL, lone surrogates, confusables, huge. */
const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }), // lone surrogates: invalid UTF-16 / UTF-8
  fc.constantFrom("\u0000", "admin\u0000", "ａｄｍｉｎ", "аdmin", "ﬃ", "\u202e", "../../etc/passwd", "' OR 1=1 --", "<script>", "%00", "a".repeat(5000)),
);

const anyValue = fc.oneof(hostileString, fc.anything({ maxDepth: 2 }), fc.constant(null), fc.integer(), fc.boolean());

async function expectClientError(response: APIResponse, allowed: number[]) {
  const status = response.status();
  expect(status, await response.text()).toBeLessThan(500);
  expect(allowed, `status ${status}`).toContain(status);
  if (status >= 400) {
    const body = await response.json();
    expect(typeof body.error).toBe("string");
    expect(body.error.length).toBeGreaterThan(0);
    expect(JSON.stringify(body)).not.toMatch(/at \w+ \(|node_modules|prisma/i); // no stack traces or internals
  }
}

async function signupIsRejectedCleanly(api: APIRequestContext, body: unknown) {
  const response = await api.post("/api/signup", { data: body as object });
  await expectClientError(response, [201, 400, 409, 413, 415, 429]);
  const username = (body as { username?: unknown })?.username;
  if (response.status() !== 201 && typeof username === "string" && username.trim() !== "") {
    // Nothing was created under any spelling the app might have stored.
    expect(await findUser(username.trim())).toBeUndefined();
  }
}

test("signup: random field values are refused with a 4xx and create nothing", async ({ anonymousRequest }) => {
  test.setTimeout(120_000);
  await fc.assert(
    fc.asyncProperty(fc.record({ username: anyValue, password: anyValue, email: anyValue }, { requiredKeys: [] }), async (body) =>
      signupIsRejectedCleanly(anonymousRequest, body),
    ),
    { numRuns: RUNS },
  );
});

test("signup: a valid name with a hostile password or email is refused and creates nothing", async ({ anonymousRequest }) => {
  test.setTimeout(120_000);
  await fc.assert(
    fc.asyncProperty(hostileString, hostileString, async (password, email) => {
      const { username } = randomCredentials();
      const response = await anonymousRequest.post("/api/signup", { data: { username, password, email } });
      await expectClientError(response, [201, 400]);
      if (response.status() === 400) expect(await findUser(username)).toBeUndefined();
    }),
    { numRuns: RUNS },
  );
});

test("login and password change: random values never cause a 5xx", async ({ anonymousRequest, request, apiUser }) => {
  test.setTimeout(120_000);
  expect((await request.post("/api/login", { data: apiUser })).status()).toBe(200);
  const hashBefore = (await findUser(apiUser.username))!.password;
  await fc.assert(
    fc.asyncProperty(
      fc.record({ username: anyValue, password: anyValue, remember: anyValue, code: anyValue }, { requiredKeys: [] }),
      fc.record({ currentPassword: anyValue, newPassword: anyValue }, { requiredKeys: [] }),
      async (login, change) => {
        await expectClientError(await anonymousRequest.post("/api/login", { data: login }), [400, 401, 413, 429]);
        // Logged in: a wrong or malformed change never changes anything (checked below).
        await expectClientError(await request.post("/api/password", { data: change }), [400, 413, 429]);
      },
    ),
    { numRuns: RUNS },
  );
  // Nothing changed the password. (Each well-formed change with a wrong current password counts
  // against the account like a login, so by now the account may be throttled: 429, not 401.)
  expect((await findUser(apiUser.username))!.password).toBe(hashBefore);
  expect([200, 429]).toContain((await request.post("/api/login", { data: apiUser })).status());
});

test("bodies: wrong types, broken JSON, invalid UTF-8 and huge payloads get 400, 413 or 415", async ({ anonymousRequest }) => {
  test.setTimeout(120_000);
  const contentType = fc.constantFrom(
    "application/json",
    "application/x-www-form-urlencoded",
    "text/plain",
    "multipart/form-data; boundary=x",
    "application/json; charset=latin1",
    "",
    "application/xml",
  );
  const payload = fc.oneof(
    fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)), // arbitrary bytes, often invalid UTF-8
    fc.json().map((text) => Buffer.from(text)),
    fc.string().map((text) => Buffer.from(text)),
    fc.constant(Buffer.alloc(17 * 1024, "a")),
  );
  await fc.assert(
    fc.asyncProperty(fc.constantFrom("/api/signup", "/api/login", "/api/logout", "/api/password"), contentType, payload, async (path, type, data) => {
      const response = await anonymousRequest.post(path, { headers: type ? { "content-type": type } : {}, data });
      await expectClientError(response, [200, 201, 400, 401, 409, 413, 415, 429]);
    }),
    { numRuns: RUNS },
  );
});

test("cookies and headers of every shape are anonymous or refused, never an error", async ({ playwright, baseURL }) => {
  test.setTimeout(120_000);
  const api = await playwright.request.newContext({ baseURL, maxRedirects: 0 });
  const header = fc.string({ maxLength: 200 }).map((s) => s.replace(/[\r\n\u0000]/g, ""));
  await fc.assert(
    fc.asyncProperty(fc.oneof(header, fc.base64String({ maxLength: 400 })), header, header, async (cookie, forwarded, origin) => {
      const headers = { cookie: `${SESSION_COOKIE}=${cookie}`, "x-forwarded-for": forwarded, "x-request-id": origin };
      expect((await api.get("/api/profile", { headers })).status()).toBe(401);
      const page = await api.get("/profile", { headers });
      expect(page.status()).toBe(307);
      const logout = await api.post("/api/logout", { headers: { ...headers, origin } });
      expect([200, 403]).toContain(logout.status());
    }),
    { numRuns: RUNS },
  );
  await api.dispose();
});

test("the login form's server action: hostile values re-render the form or log in, never a 5xx", async ({ anonymousRequest }) => {
  test.setTimeout(120_000);
  const html = await (await anonymousRequest.get("/login")).text();
  const fields: Record<string, string> = {};
  for (const [, name, value = ""] of html.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/>/g)) {
    fields[name!] = value.replaceAll("&quot;", '"').replaceAll("&amp;", "&");
  }
  await fc.assert(
    fc.asyncProperty(hostileString, hostileString, hostileString, async (username, password, next) => {
      const response = await anonymousRequest.post("/login", {
        multipart: { ...fields, username, password, next },
        maxRedirects: 0,
      });
      expect(response.status(), (await response.text()).slice(0, 300)).toBeLessThan(500);
    }),
    { numRuns: RUNS },
  );
});
