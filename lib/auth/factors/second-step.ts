import "server-only";
import { z } from "zod";
import { login } from "../account/login";
import { findUserById, type PublicUser } from "../account/users";
import type { Throttled } from "../account/outcomes";
import { authEvent } from "../audit/record";
import { cycleSessionKeyInPlace, readSessionValue, takeSessionValue, writeSessionData } from "../session/data";
import { acceptAccountGuess, admitAccountGuess } from "../throttle/limits";
import { verifySecondFactor } from "./totp";

// The login's second step. Between the password and the code, the login waits in this browser's
// server-side session (an anonymous one until the login completes), never in a cookie of its
// own: it cannot be copied without the session, it is taken exactly once, and it records the
// user's auth_version, so a password change or "log out everywhere" in between ends it.

const PENDING_KEY = "_second_step";
const PENDING_TTL_MS = 5 * 60 * 1000;

const pendingSchema = z.object({
  user: z.number().int(),
  authVersion: z.number().int(),
  remember: z.boolean(),
  next: z.string().nullable(),
  expires: z.number(),
});
type Pending = z.infer<typeof pendingSchema>;

/**
 * After a right password: this browser's session remembers who is halfway through, for five
 * minutes. A session the browser already has moves to a new key first, so a key planted in it
 * beforehand (session fixation) does not share the step. Not counted against the client's new
 * sessions: the login's own rules have already counted this attempt.
 */
export async function startSecondStep(user: PublicUser, remember: boolean, next: string | null): Promise<void> {
  const pending: Pending = { user: user.id, authVersion: user.authVersion, remember, next, expires: Date.now() + PENDING_TTL_MS };
  await cycleSessionKeyInPlace(user.id);
  await writeSessionData({ [PENDING_KEY]: pending }, { unthrottled: true });
}

async function readPending(): Promise<Pending | null> {
  const parsed = pendingSchema.safeParse(await readSessionValue(PENDING_KEY));
  return parsed.success && parsed.data.expires > Date.now() ? parsed.data : null;
}

export async function secondStepPending(): Promise<boolean> {
  return (await readPending()) !== null;
}

export type SecondStep = { ok: true; next: string | null } | { ok: false; reason: "expired" | "invalid" } | Throttled;

/** The login's second step: a code for the waiting user, throttled like a password guess. */
export async function completeSecondStep(code: string): Promise<SecondStep> {
  const pending = await readPending();
  const user = pending ? await findUserById(pending.user) : null;
  // Ended meanwhile: the password changed, every session was ended, or the account was deactivated.
  if (!pending || !user?.isActive || user.authVersion !== pending.authVersion) {
    if (pending) await writeSessionData({ [PENDING_KEY]: undefined });
    return { ok: false, reason: "expired" };
  }
  const admission = await admitAccountGuess(user.username);
  if (!admission.ok) {
    await authEvent("login_throttled", { userId: user.id, username: user.username, detail: "second factor" });
    return { ok: false, reason: "throttled", retryAfter: admission.retryAfter };
  }
  // Taken before the code is checked (and so before a code is used up): of two requests racing,
  // one goes on. A wrong code puts it back.
  if ((await takeSessionValue(PENDING_KEY)) === undefined) return { ok: false, reason: "expired" };
  const factor = await verifySecondFactor(user.id, code);
  if (!factor) {
    await writeSessionData({ [PENDING_KEY]: pending }, { unthrottled: true });
    await authEvent("login_failed", { userId: user.id, username: user.username, detail: "second factor" });
    return { ok: false, reason: "invalid" };
  }
  await acceptAccountGuess(user.username);
  await login(user, { remember: pending.remember, level: `password+${factor}` });
  return { ok: true, next: pending.next };
}
