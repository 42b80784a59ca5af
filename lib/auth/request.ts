import "server-only";
import { headers } from "next/headers";

// Facts about the incoming request that lib/auth records and throttles by.

export type RequestInfo = { ipAddress: string | null; userAgent: string | null };

export async function requestInfo(): Promise<RequestInfo> {
  const h = await headers();
  return { ipAddress: clientAddress(h), userAgent: h.get("user-agent")?.slice(0, 512) ?? null };
}

/**
 * The client address scripts/server.mjs worked out from the socket and TRUSTED_PROXY_HOPS. It
 * arrives in a header whose name is random per process, so a client cannot forge it; without the
 * server (plain `next start`) the address is unknown.
 */
function clientAddress(h: Headers): string | null {
  const name = process.env.SEED_CLIENT_ADDRESS_HEADER;
  return name ? h.get(name) : null;
}
