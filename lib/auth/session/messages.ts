import "server-only";
import { log } from "../../log";
import { isTemporarilyUnavailable } from "../errors";
import { readSessionValue, SessionThrottledError, writeSessionData } from "./data";

// Django's messages framework on the session: a message added while handling one request is shown
// once, on the next page that displays messages, and then it is gone. Unlike a `?done=1` in the
// URL it cannot be forged by a link, and it never shows twice.

export type MessageLevel = "info" | "success" | "warning" | "error";
export type FlashMessage = { level: MessageLevel; text: string };

const KEY = "_messages";
const LEVELS = new Set<string>(["info", "success", "warning", "error"]);
/** A visitor who never looks at a page must not grow their session without bound. */
const MAX_QUEUED = 10;

function queued(value: unknown): FlashMessage[] {
  if (!Array.isArray(value)) return [];
  return value.filter((m): m is FlashMessage => typeof m === "object" && m !== null && LEVELS.has(m.level) && typeof m.text === "string");
}

/**
 * Queues a message for the next page. Call it in a server action or route handler (it may create
 * an anonymous session). Says false when it could not be stored (new sessions throttled for this
 * address, or the database unavailable): a lost message must never fail the action.
 */
export async function addMessage(level: MessageLevel, text: string): Promise<boolean> {
  try {
    const messages = [...queued(await readSessionValue(KEY)), { level, text }].slice(-MAX_QUEUED);
    await writeSessionData({ [KEY]: messages });
    return true;
  } catch (error) {
    if (error instanceof SessionThrottledError || isTemporarilyUnavailable(error)) {
      log.warn({ event: "message_dropped", reason: error instanceof SessionThrottledError ? "throttled" : "database unavailable" });
      return false;
    }
    throw error;
  }
}

/** The queued messages, removed from the session as they are read (one write, only when there were any). */
export async function takeMessages(): Promise<FlashMessage[]> {
  const stored = await readSessionValue(KEY);
  if (stored !== undefined) await writeSessionData({ [KEY]: undefined });
  const messages = queued(stored);
  return messages;
}
