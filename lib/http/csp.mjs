// The Content-Security-Policy of every page, with a fresh nonce per response. scripts/server.mjs
// sets it on each page request (Next reads the nonce from the request's header and puts it on its
// own scripts) and on the response. Scripts run only with this response's nonce ('strict-dynamic'
// lets them load Next's chunks), so an injected <script> or inline handler never runs.
import { randomBytes } from "node:crypto";

/** The request headers that choose a page's nonce: whatever a client sends in them is dropped. */
const NONCE_HEADERS = ["content-security-policy", "content-security-policy-report-only", "x-nonce"];

/** Everything but the JSON API and the static files: the paths that render pages. */
const PAGE_PATH = /^\/(?!api\/|_next\/static\/|_next\/image|favicon\.ico)/;

export function newNonce() {
  return randomBytes(16).toString("base64");
}

/** @param {string} nonce @param {{ dev: boolean, https: boolean }} options */
export function contentSecurityPolicy(nonce, { dev, https }) {
  return [
    "default-src 'self'",
    // React's development build evaluates code; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/**
 * For one request: drops any nonce a client sent, then, when the path renders a page, gives the
 * request a fresh nonce (`x-nonce`, and the policy Next reads it from) and the response the
 * policy. Done here rather than in middleware.ts: Next's middleware costs about half a
 * millisecond of CPU per request before its code runs (docs/PERFORMANCE.md).
 * @param {import("node:http").IncomingMessage} req
 * @param {import("node:http").ServerResponse} res
 * @param {{ dev: boolean, https: boolean }} options
 */
export function applyPagePolicy(req, res, options) {
  for (const name of NONCE_HEADERS) delete req.headers[name];
  if (!PAGE_PATH.test(req.url ?? "/")) return;
  const nonce = newNonce();
  const policy = contentSecurityPolicy(nonce, options);
  req.headers["x-nonce"] = nonce;
  req.headers["content-security-policy"] = policy;
  res.setHeader("Content-Security-Policy", policy);
}
