import "server-only";
import { headers } from "next/headers";

// Facts about the incoming request that lib/auth records with a session.

export type RequestInfo = { ipAddress: string | null; userAgent: string | null };

export async function requestInfo(): Promise<RequestInfo> {
  const h = await headers();
  return { ipAddress: clientAddress(h), userAgent: h.get("user-agent") };
}

/**
 * The nearest hop's address. `next start` fills X-Forwarded-For with the socket address only when
 * the client sent none, so this value is informational (shown to the user), never a security input.
 */
function clientAddress(h: Headers): string | null {
  const forwarded = h.get("x-forwarded-for");
  if (!forwarded) return null;
  const last = forwarded.split(",").pop()?.trim();
  return last ? last.slice(0, 64) : null;
}
