import { instancePort, startAppInstance } from "../support/app-instance";
import { expect, test } from "../support/fixtures";

// Response headers: CSP with a per-response nonce and no inline scripts, framing refused, no
// sniffing, no framework banner; over HTTPS the __Host- cookie and HSTS.

function scriptSources(csp: string): string {
  return (
    csp
      .split(";")
      .map((d) => d.trim())
      .find((d) => d.startsWith("script-src")) ?? ""
  );
}

test("every page has a nonce-based CSP that Next's scripts carry, a new nonce each time", async ({ request }) => {
  const nonces = new Set<string>();
  for (const path of ["/", "/login", "/signup", "/login"]) {
    const response = await request.get(path);
    const csp = response.headers()["content-security-policy"] ?? "";
    const scripts = scriptSources(csp);
    const nonce = scripts.match(/'nonce-([^']+)'/)?.[1];
    expect(nonce, `${path}: ${csp}`).toBeTruthy();
    expect(scripts).not.toContain("unsafe-inline");
    expect(scripts).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    const html = await response.text();
    const tags = html.match(/<script\b[^>]*>/g) ?? [];
    expect(tags.length).toBeGreaterThan(0);
    for (const tag of tags) expect(tag, path).toContain(`nonce="${nonce}"`);
    nonces.add(nonce!);
  }
  expect(nonces.size).toBe(4);
});

test("a client cannot choose the nonce: the request's own CSP and x-nonce headers are replaced", async ({ request }) => {
  const chosen = "Y2hvc2VuLWJ5LXRoZS1jbGllbnQ=";
  const response = await request.get("/login", {
    headers: {
      "content-security-policy": `script-src 'nonce-${chosen}'`,
      "content-security-policy-report-only": `script-src 'nonce-${chosen}'`,
      "x-nonce": chosen,
    },
  });
  const nonce = scriptSources(response.headers()["content-security-policy"] ?? "").match(/'nonce-([^']+)'/)?.[1];
  expect(nonce).toBeTruthy();
  expect(nonce).not.toBe(chosen);
  const html = await response.text();
  expect(html).not.toContain(chosen);
  for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag).toContain(`nonce="${nonce}"`);
});

test("the pages run under the CSP without a single violation, and an injected script would not run", async ({ page, apiUser, loginPage }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  await page.goto("/signup");
  await loginPage.loginSuccessfully(apiUser);
  await page.getByRole("link", { name: "Profile" }).first().click();
  await expect(page).toHaveURL(/\/profile$/);
  // Markup injected the way an XSS would (an inline event handler) does not run.
  const ran = await page.evaluate(async () => {
    const holder = document.createElement("div");
    holder.innerHTML = '<img src="/no-such-image.png" onerror="window.__injected = true">';
    document.body.appendChild(holder);
    await new Promise((resolve) => setTimeout(resolve, 200));
    return (window as unknown as { __injected?: boolean }).__injected === true;
  });
  expect(ran).toBe(false);
  // Only the injected handler was refused.
  expect(violations.filter((v) => !/inline event handler/i.test(v))).toEqual([]);
});

test("security headers on pages and API answers; no X-Powered-By", async ({ request }) => {
  for (const path of ["/", "/login", "/api/health", "/api/profile"]) {
    const headers = (await request.get(path)).headers();
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["x-frame-options"], path).toBe("DENY");
    expect(headers["referrer-policy"], path).toBe("same-origin");
    expect(headers["permissions-policy"], path).toContain("camera=()");
    expect(headers["x-powered-by"], path).toBeUndefined();
    if (path.startsWith("/api/")) expect(headers["content-security-policy"], path).toBe("default-src 'none'; frame-ancestors 'none'");
    // Plain HTTP here: no HSTS (it would pin localhost to HTTPS).
    expect(headers["strict-transport-security"], path).toBeUndefined();
  }
});

test("no CORS: API answers grant no other origin access, even when asked", async ({ request, apiUser }) => {
  await request.post("/api/login", { data: apiUser });
  const origin = { origin: "https://evil.example" };
  const answers = [
    await request.get("/api/profile", { headers: origin }),
    await request.fetch("/api/login", { method: "OPTIONS", headers: { ...origin, "access-control-request-method": "POST" } }),
  ];
  for (const response of answers) {
    expect(response.headers()["access-control-allow-origin"]).toBeUndefined();
    expect(response.headers()["access-control-allow-credentials"]).toBeUndefined();
  }
});

test("over HTTPS: the __Host- cookie, Secure, HSTS and upgrade-insecure-requests", async ({ playwright }) => {
  const app = await startAppInstance(instancePort(3), { env: { APP_ORIGIN: "https://seed.example" } });
  try {
    const api = await playwright.request.newContext({ baseURL: app.baseURL });
    const credentials = { username: `secure_${Date.now()}`, password: "correct horse battery staple" };
    expect((await api.post("/api/signup", { data: credentials, headers: { origin: app.baseURL } })).status()).toBe(201);
    const login = await api.post("/api/login", { data: credentials });
    expect(login.status()).toBe(200);
    const setCookie = login.headersArray().find((h) => h.name.toLowerCase() === "set-cookie")?.value ?? "";
    expect(setCookie).toMatch(/^__Host-sessionid=/);
    expect(setCookie).toMatch(/; Secure/i);
    expect(setCookie).toMatch(/; Path=\//i);
    expect(setCookie).not.toMatch(/; Domain=/i);
    const page = await api.get("/login");
    const hsts = page.headers()["strict-transport-security"] ?? "";
    expect(Number(hsts.match(/max-age=(\d+)/)?.[1])).toBeGreaterThanOrEqual(31_536_000);
    expect(hsts).toContain("includeSubDomains");
    expect(page.headers()["content-security-policy"]).toContain("upgrade-insecure-requests");
    expect((await api.get("/api/health")).headers()["strict-transport-security"]).toBeTruthy();
    await api.dispose();
  } finally {
    await app.stop();
  }
});
