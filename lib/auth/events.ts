import "server-only";
import { headers } from "next/headers";
import { log } from "../log";
import { requestInfo } from "./request";

// Auth events as structured log lines: what happened, to whom, from where, in which request.
// Never a password, hash, cookie or session key: callers pass ids and names only.

export type AuthEvent =
  | "signup"
  | "login"
  | "login_failed"
  | "login_throttled"
  | "second_factor_required"
  | "logout"
  | "password_changed"
  | "hash_upgraded"
  | "sessions_ended"
  | "two_factor_enabled"
  | "two_factor_disabled"
  | "email_changed"
  | "account_deleted"
  | "account_deactivated"
  | "account_reactivated";

export type AuthEventFields = { userId?: number | null; username?: string; detail?: string };

/** The id scripts/server.mjs gave this request (it overwrites whatever a client sent). */
export async function requestId(): Promise<string | null> {
  try {
    return (await headers()).get("x-request-id");
  } catch {
    return null; // outside a request (scripts, tests)
  }
}

/** Logs one auth event; never throws, never slows the request down noticeably. */
export async function authEvent(event: AuthEvent, fields: AuthEventFields = {}): Promise<void> {
  try {
    let client: string | null = null;
    try {
      client = (await requestInfo()).ipAddress;
    } catch {
      // outside a request
    }
    log.info({ event, requestId: await requestId(), userId: fields.userId ?? null, username: fields.username, client, detail: fields.detail });
  } catch {
    // Logging must never fail an auth request.
  }
}
