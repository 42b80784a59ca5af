import "server-only";
import { cookies, headers } from "next/headers";
import { sessionCookieName, unsealSession } from "../cookies";
import { hashSessionKey, loadSession, type LoadedSession } from "./records";

// This request's session, looked up once: the cookie unsealed, the row (with its user and data)
// read in one query. The session engine updates it in place when it creates, cycles or flushes
// the session, so later reads in the same request see the change.

/**
 * How this request's session was looked up, for the lifecycle inspector on /profile. Two clock
 * readings per layer: the cost is the same whether or not anything shows it.
 */
export type SessionTrace = {
  cookiePresent: boolean;
  sealedLength: number;
  unsealed: boolean;
  /** What the seal says: an anonymous visitor's session or a logged-in one. */
  anonymousSeal: boolean;
  unsealMs: number;
  queryMs: number;
  /** First 8 hex characters of the stored SHA-256 of the key: enough to recognise, useless to replay. */
  keyHashPrefix: string | null;
};

export type RequestSession = {
  /** The key the cookie carried, live or not. */
  cookieKey: string | null;
  /** The live session's key, or null when this visitor has none (yet, or any more). */
  key: string | null;
  loaded: LoadedSession | null;
  /** The session data, parsed; written back by lib/auth/session/data.ts. */
  data: Record<string, unknown>;
  trace: SessionTrace;
};

// Keyed by the request's headers object, which Next keeps for the whole request: React `cache`
// would do in server components and actions, but does not memoise in route handlers.
const perRequest = new WeakMap<object, Promise<RequestSession>>();

export async function requestSession(): Promise<RequestSession> {
  const requestHeaders = await headers();
  let state = perRequest.get(requestHeaders);
  if (!state) {
    state = lookUp();
    perRequest.set(requestHeaders, state);
    // A failed lookup (database down) is not remembered: the next call asks again.
    state.catch(() => perRequest.delete(requestHeaders));
  }
  return state;
}

async function lookUp(): Promise<RequestSession> {
  const sealed = (await cookies()).get(sessionCookieName())?.value;
  const t0 = performance.now();
  const pointer = await unsealSession(sealed);
  const t1 = performance.now();
  const loaded = pointer ? await loadSession(pointer.key) : null;
  const t2 = performance.now();
  const trace: SessionTrace = {
    cookiePresent: sealed !== undefined,
    sealedLength: sealed?.length ?? 0,
    unsealed: pointer !== null,
    anonymousSeal: pointer?.anonymous ?? false,
    unsealMs: t1 - t0,
    queryMs: pointer ? t2 - t1 : 0,
    keyHashPrefix: loaded && pointer ? hashSessionKey(pointer.key).slice(0, 8) : null,
  };
  return { cookieKey: pointer?.key ?? null, key: loaded && pointer ? pointer.key : null, loaded, data: loaded ? parseSessionData(loaded.data) : {}, trace };
}

/** The stored JSON as a plain object; anything else (hand-edited rows) reads as empty. */
export function parseSessionData(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
