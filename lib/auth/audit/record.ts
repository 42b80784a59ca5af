import "server-only";
import { headers } from "next/headers";
import { log } from "../../log";
import { insertAuthEvent } from "./trail";
import { isTemporarilyUnavailable } from "../errors";
import { nameHash } from "../secrets/keyed-hash";
import { requestInfo, type RequestInfo } from "../request";

// Auth events, each as a structured log line and as a row of the audit trail (auth_event): what
// happened, to whom, from where. Never a password, hash, cookie or session key: callers pass ids,
// names and fixed details only.

export const AUTH_EVENTS = [
  "signup",
  "login",
  "login_failed",
  "login_throttled",
  "second_factor_required",
  "logout",
  "password_changed",
  "hash_upgraded",
  "sessions_ended",
  "two_factor_enabled",
  "two_factor_disabled",
  "email_changed",
  "email_change_requested",
  "email_change_cancelled",
  "email_verified",
  "password_reset_requested",
  "password_reset",
  "account_deleted",
  "account_deactivated",
  "account_reactivated",
  "reauthenticated",
  "reauthentication_failed",
  "passkey_added",
  "passkey_renamed",
  "passkey_removed",
  "passkey_clone_suspected",
] as const;

export type AuthEvent = (typeof AUTH_EVENTS)[number];

/**
 * `username` is an account's name; `unknownName` a name given that is no account, which is kept
 * only as a keyed hash (lib/auth/secrets/keyed-hash.ts), never as typed.
 */
export type AuthEventFields = { userId?: number | null; username?: string; unknownName?: string; detail?: string };

/** The longest a request waits for its audit row; a slower write finishes in the background. */
const WRITE_WAIT_MS = 250;

/** The id scripts/server.mjs gave this request (it overwrites whatever a client sent). */
export async function requestId(): Promise<string | null> {
  try {
    return (await headers()).get("x-request-id");
  } catch {
    return null; // outside a request (scripts, tests)
  }
}

async function currentRequest(): Promise<RequestInfo> {
  try {
    return await requestInfo();
  } catch {
    return { ipAddress: null, userAgent: null }; // outside a request
  }
}

/** Writes the audit row; a failure is logged by name only (messages can quote values), never thrown. */
async function writeRow(event: AuthEvent, fields: AuthEventFields, info: RequestInfo): Promise<void> {
  try {
    await insertAuthEvent({
      event,
      userId: fields.userId ?? null,
      username: fields.username ?? null,
      nameHash: fields.unknownName === undefined ? null : nameHash(fields.unknownName),
      detail: fields.detail ?? null,
      ...info,
    });
  } catch (error) {
    const what = isTemporarilyUnavailable(error) ? "database unavailable" : error instanceof Error ? error.name : typeof error;
    log.error({ event: "auth_event_write_failed", authEvent: event, error: what });
  }
}

/** Logs and records one auth event; never throws, and waits at most WRITE_WAIT_MS for the row. */
export async function authEvent(event: AuthEvent, fields: AuthEventFields = {}): Promise<void> {
  try {
    const info = await currentRequest();
    const unknown = fields.unknownName === undefined ? {} : { nameHash: nameHash(fields.unknownName) };
    log.info({
      event,
      requestId: await requestId(),
      userId: fields.userId ?? null,
      username: fields.username,
      ...unknown,
      client: info.ipAddress,
      detail: fields.detail,
    });
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, WRITE_WAIT_MS);
      timer.unref();
    });
    await Promise.race([writeRow(event, fields, info), waited]);
    clearTimeout(timer);
  } catch {
    // Recording must never fail an auth request.
  }
}
