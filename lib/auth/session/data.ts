import "server-only";
import { authConfig } from "../config";
import { clearSessionCookie, setSessionCookie } from "../cookies";
import { requestSession, type RequestSession } from "./request-session";
import { requestInfo } from "../request";
import { createSession, cycleSessionKey, deleteSession, replaceSessionData, saveSessionData } from "./records";
import { clientThrottleKey, hit } from "../throttle/backoff";

// Django's request.session: a JSON dictionary kept server-side in the visitor's auth_session row,
// for anonymous visitors and logged-in users alike. The browser holds only the sealed key.
//
// - Reading never creates anything: a visitor without a session reads an empty dictionary.
// - The first write creates an anonymous session (row and cookie), rate-limited per client.
// - A call that changes nothing writes nothing; one that changes something is one statement, and
//   `update` changes several keys in that one statement.
// - Writes that create a session set a cookie, so they belong in server actions and route
//   handlers; writes to an existing session also work while a server component renders.

/**
 * The application's session keys and their types. Declare yours by augmenting this interface:
 *   declare module "@/lib/auth/session/data" { interface SessionData { cart: string[] } }
 * Keys starting with "_" are reserved for lib/auth (flash messages live under "_messages").
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SessionData {}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
type Key = keyof SessionData & string;
/** Values that read back as they were written. */
type Stored<T> = T extends JsonValue ? T : never;

export class SessionDataTooLargeError extends Error {
  constructor(bytes: number) {
    super(`Session data would be ${bytes} bytes; the limit is ${authConfig.sessionDataMaxBytes} (SESSION_DATA_MAX_BYTES).`);
    this.name = "SessionDataTooLargeError";
  }
}

/** Too many new sessions from this client address lately: its first write has to wait. */
export class SessionThrottledError extends Error {
  constructor(readonly retryAfter: number) {
    super(`Too many new sessions from this address; try again in ${retryAfter} s.`);
    this.name = "SessionThrottledError";
  }
}

export type SessionStore = {
  /** True when this visitor has a session row (anonymous or logged in). */
  readonly exists: boolean;
  /** True when the session belongs to a logged-in user. */
  readonly authenticated: boolean;
  get<K extends Key>(key: K): SessionData[K] | undefined;
  has(key: Key): boolean;
  set<K extends Key>(key: K, value: Stored<SessionData[K]>): Promise<void>;
  delete(key: Key): Promise<void>;
  /** Several changes in one write; `undefined` deletes a key. */
  update(changes: { [K in Key]?: Stored<SessionData[K]> | undefined }): Promise<void>;
  /** Django's flush: the data and the row go, and the cookie with them (a logged-in user is logged out). */
  flush(): Promise<void>;
};

/** The current visitor's session data. */
export async function getSession(): Promise<SessionStore> {
  const state = await requestSession();
  return {
    get exists() {
      return state.key !== null;
    },
    get authenticated() {
      return state.loaded?.user != null;
    },
    get: (key) => state.data[key] as never,
    has: (key) => Object.hasOwn(state.data, key),
    set: (key, value) => writeSessionData({ [key]: value }),
    delete: (key) => writeSessionData({ [key]: undefined }),
    update: (changes) => writeSessionData(changes),
    flush: () => flushSession(),
  };
}

/** Reads one key, reserved ones included (for lib/auth's own modules). */
export async function readSessionValue(key: string): Promise<unknown> {
  return (await requestSession()).data[key];
}

/**
 * Applies changes (`undefined` deletes) and saves the dictionary when it changed: into the
 * existing row, or into a new anonymous session created for this write.
 */
export async function writeSessionData(changes: Record<string, unknown>, { unthrottled = false } = {}): Promise<void> {
  const state = await requestSession();
  const next: Record<string, unknown> = { ...state.data };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete next[key];
    else next[key] = value;
  }
  const text = JSON.stringify(next);
  if (text === JSON.stringify(state.data)) return;
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > authConfig.sessionDataMaxBytes) throw new SessionDataTooLargeError(bytes);

  if (state.key && (await saveSessionData(state.key, text))) {
    state.data = JSON.parse(text) as Record<string, unknown>;
    if (state.loaded) state.loaded.data = text;
    return;
  }
  await startAnonymousSession(state, text, unthrottled);
}

async function startAnonymousSession(state: RequestSession, text: string, unthrottled: boolean): Promise<void> {
  const info = await requestInfo();
  if (info.ipAddress && !unthrottled) {
    const decision = await hit("session:client", clientThrottleKey("session:client", info.ipAddress), { enforce: true });
    if (!decision.allowed) throw new SessionThrottledError(decision.retryAfter);
  }
  const { key, session } = await createSession(null, { ...info, data: text });
  // After the row: a cookie set in a server component throws, and leaves no row behind.
  try {
    await setSessionCookie(key, { persistent: false, anonymous: true });
  } catch (error) {
    await deleteSession(key);
    throw error;
  }
  state.key = state.cookieKey = key;
  state.loaded = { session, user: null, data: text };
  state.data = JSON.parse(text) as Record<string, unknown>;
}

/**
 * Before this browser's session holds something only it may use (the login's second step): an
 * anonymous session moves to a new key, keeping its data, so a key planted in the browser
 * beforehand is worthless; another user's session is ended. A logged-in user's own stays.
 */
export async function cycleSessionKeyInPlace(userId: number): Promise<void> {
  const state = await requestSession();
  if (!state.key || !state.loaded) return;
  const { user } = state.loaded;
  if (user && user.id === userId) return;
  if (user) return flushSession();
  const cycled = await cycleSessionKey(state.key, null, { persistent: false, ...(await requestInfo()) });
  if (!cycled) {
    state.key = null; // gone meanwhile: the next write starts a new one
    state.loaded = null;
    return;
  }
  await setSessionCookie(cycled.key, { persistent: false, anonymous: true });
  state.key = state.cookieKey = cycled.key;
  state.loaded = { ...state.loaded, session: cycled.session };
}

/**
 * Removes a key and returns its value, at most once however many requests race for it: the
 * write only succeeds while the stored data is still what this request read. Undefined when the
 * key was not there, or another request took it first.
 */
export async function takeSessionValue(key: string): Promise<unknown> {
  const state = await requestSession();
  if (!state.key || !state.loaded || !Object.hasOwn(state.data, key)) return undefined;
  const value = state.data[key];
  const next = { ...state.data };
  delete next[key];
  const text = JSON.stringify(next);
  if (!(await replaceSessionData(state.key, state.loaded.data, text))) return undefined;
  state.data = next;
  state.loaded.data = text;
  return value;
}

/**
 * Deletes this visitor's session row and clears the cookie: the data and the login end together.
 * logout() is this plus the audit event.
 */
export async function flushSession(): Promise<void> {
  const state = await requestSession();
  const key = state.key ?? state.cookieKey;
  if (key) await deleteSession(key);
  await clearSessionCookie();
  state.cookieKey = null;
  state.key = null;
  state.loaded = null;
  state.data = {};
}
