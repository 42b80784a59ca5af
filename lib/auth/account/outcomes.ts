// What lib/auth's operations answer besides success, shared by the flows that give them.

/** Refused by a throttle rule: try again in `retryAfter` seconds. */
export type Throttled = { ok: false; reason: "throttled"; retryAfter: number };

/** A change the user asked for found their session ended (or their credentials changed) since it was checked. */
export type SessionEnded = { ok: false; reason: "session_ended" };
export const SESSION_ENDED: SessionEnded = { ok: false, reason: "session_ended" };

/** A sensitive change on a session whose last proof of identity is older than STEP_UP_WINDOW. */
export type StepUpNeeded = { ok: false; reason: "step_up" };
export const STEP_UP_NEEDED: StepUpNeeded = { ok: false, reason: "step_up" };
