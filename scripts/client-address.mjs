// Which address a request came from, given how many reverse proxies in front of the app are
// trusted. Plain JS so that scripts/server.mjs can use it before Next is loaded.
import { isIP } from "node:net";

const MAX_HOPS = 10;

/**
 * TRUSTED_PROXY_HOPS: how many proxies (load balancer, CDN…) append to X-Forwarded-For.
 * @param {Record<string, string | undefined>} env
 */
export function trustedProxyHops(env = process.env) {
  const raw = env.TRUSTED_PROXY_HOPS ?? "";
  if (raw === "") return 0;
  const hops = Number(raw);
  if (!Number.isInteger(hops) || hops < 0 || hops > MAX_HOPS) {
    throw new Error(`TRUSTED_PROXY_HOPS must be an integer between 0 and ${MAX_HOPS} (got "${raw}")`);
  }
  return hops;
}

function normalize(address) {
  // Some proxies write the port too: "1.2.3.4:5678", "[2001:db8::1]:443".
  const value = (address ?? "")
    .trim()
    .replace(/^\[([^\]]+)\](:\d+)?$/, "$1")
    .replace(/^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/, "$1");
  const unmapped = value.startsWith("::ffff:") && isIP(value.slice(7)) === 4 ? value.slice(7) : value;
  return isIP(unmapped) ? unmapped : null;
}

/**
 * Each trusted proxy appends the address it received the request from, so the client is the
 * entry `hops` places left of the socket's peer. Everything further left was written by the
 * client and is ignored: a forged X-Forwarded-For cannot choose the address.
 */
export function clientAddress(socketAddress, forwardedFor, hops) {
  const forwarded = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const chain = [...forwarded, socketAddress ?? ""];
  return normalize(chain[Math.max(0, chain.length - 1 - hops)]);
}
