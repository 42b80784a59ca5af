// The Content-Security-Policy of every page, with a fresh nonce per response. scripts/server.mjs
// sets it on each page request (Next reads the nonce from the request's header and puts it on its
// own scripts) and on the response. Scripts run only with this response's nonce ('strict-dynamic'
// lets them load Next's chunks), so an injected <script> or inline handler never runs.
import { randomBytes } from "node:crypto";

/** The request headers that choose a page's nonce: whatever a client sends in them is dropped. */
const NONCE_HEADERS = ["content-security-policy", "content-security-policy-report-only", "x-nonce"];

// Nonces are cut from a block of CSPRNG output, each 16 bytes used once: one call into the
// generator per 256 pages instead of one per page (about 20 µs each inside the server).
const NONCE_BYTES = 16;
const BLOCK_BYTES = 4096;
let block = Buffer.alloc(0);
let offset = 0;

export function newNonce() {
  if (offset + NONCE_BYTES > block.length) {
    block = randomBytes(BLOCK_BYTES);
    offset = 0;
  }
  const nonce = block.toString("base64", offset, offset + NONCE_BYTES);
  block.fill(0, offset, offset + NONCE_BYTES); // a used nonce does not stay in memory
  offset += NONCE_BYTES;
  return nonce;
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
 * For every request: replaces any nonce a client sent with a fresh one (`x-nonce`, and the policy
 * Next reads it from) and gives the response the policy. Every request, not only the paths that
 * look like pages: deciding by path here would have to agree with Next's own decoding and
 * normalising of every URL, and it costs about a microsecond. API answers get their stricter
 * policy from next.config.js, which replaces this one. Done here rather than in middleware.ts:
 * Next's middleware costs about half a millisecond of CPU per request before its code runs
 * (docs/PERFORMANCE.md).
 * @param {import("node:http").IncomingMessage} req
 * @param {import("node:http").ServerResponse} res
 * @param {{ dev: boolean, https: boolean }} options
 */
export function applyPagePolicy(req, res, options) {
  for (const name of NONCE_HEADERS) delete req.headers[name];
  const nonce = newNonce();
  const policy = contentSecurityPolicy(nonce, options);
  req.headers["x-nonce"] = nonce;
  req.headers["content-security-policy"] = policy;
  res.setHeader("Content-Security-Policy", policy);
}
