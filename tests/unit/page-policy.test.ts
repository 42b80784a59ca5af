import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { applyPagePolicy, newNonce } from "../../lib/http/csp.mjs";

// scripts/server.mjs gives every request a fresh nonce (whatever the path, however Next reads it),
// and a client's own CSP or x-nonce request headers never survive.

function run(url: string, headers: Record<string, string> = {}) {
  const req = { url, headers: { ...headers } } as unknown as IncomingMessage;
  const set: Record<string, string> = {};
  const res = { setHeader: (name: string, value: string) => (set[name.toLowerCase()] = value) } as unknown as ServerResponse;
  applyPagePolicy(req, res, { dev: false, https: false });
  return { request: req.headers, response: set };
}

describe("the page policy", () => {
  it("gives pages a fresh nonce on the request and the same policy on the response", () => {
    const first = run("/profile?tab=1");
    const nonce = first.request["x-nonce"] as string;
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(first.request["content-security-policy"]).toBe(first.response["content-security-policy"]);
    expect(first.response["content-security-policy"]).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(first.response["content-security-policy"]).not.toContain("upgrade-insecure-requests");
    expect(run("/").request["x-nonce"]).not.toBe(nonce);
    for (const path of ["/", "/login", "/api/profile", "/api/../profile", "/api/%2e%2e/profile", "/_next/static/a.js", "http://x/profile"]) {
      expect(run(path).request["x-nonce"], path).toBeDefined();
    }
  });

  it("never hands out the same nonce twice, across the blocks it is cut from", () => {
    const nonces = Array.from({ length: 1_000 }, () => newNonce());
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
    expect(new Set(nonces).size).toBe(nonces.length);
  });

  it("drops whatever nonce a client sent", () => {
    const sent = { "content-security-policy": "script-src 'nonce-AAAA'", "content-security-policy-report-only": "script-src 'nonce-AAAA'", "x-nonce": "AAAA" };
    for (const path of ["/login", "/api/profile"]) {
      const { request, response } = run(path, sent);
      expect(request["x-nonce"], path).not.toBe("AAAA");
      expect(request["content-security-policy"], path).not.toContain("AAAA");
      expect(request["content-security-policy-report-only"], path).toBeUndefined();
      expect(response["content-security-policy"], path).toContain(`'nonce-${request["x-nonce"]}'`);
    }
  });

  it("adds upgrade-insecure-requests over HTTPS and unsafe-eval only in development", () => {
    const req = { url: "/", headers: {} } as unknown as IncomingMessage;
    let policy = "";
    const res = { setHeader: (_: string, value: string) => (policy = value) } as unknown as ServerResponse;
    applyPagePolicy(req, res, { dev: true, https: true });
    expect(policy).toContain("upgrade-insecure-requests");
    expect(policy).toContain("'unsafe-eval'");
  });
});
