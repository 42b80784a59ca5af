import "server-only";
import { authEvent } from "../audit/record";
import { authConfig } from "../config";
import { hasSecondFactor, verifySecondFactor } from "../factors/totp";
import { getCurrentSession, type CurrentSession } from "../guards";
import { stampVerified, type SessionInfo } from "../session/records";
import { requestSession } from "../session/request-session";
import { acceptAccountGuess, admitAccountGuess } from "../throttle/limits";
import { STEP_UP_NEEDED, type StepUpNeeded, type Throttled } from "./outcomes";
import { authenticate } from "./login";
import type { PublicUser } from "./users";

// Step-up ("sudo mode"): a sensitive change goes through only when this session proved who its
// user is within STEP_UP_WINDOW, at login or by a re-authentication since (a password, an
// authenticator or recovery code, or a passkey), recorded on the server-side session row.

/** Whether the session's last proof of identity is within the window. */
export function verifiedRecently(session: SessionInfo, now = Date.now()): boolean {
  return session.verifiedAt !== null && now - session.verifiedAt.getTime() < authConfig.stepUpWindow * 1000;
}

/** Seconds left in the window, 0 when it has passed (the lifecycle inspector shows it). */
export function stepUpSecondsLeft(session: SessionInfo, now = Date.now()): number {
  if (!session.verifiedAt) return 0;
  return Math.max(0, Math.ceil((session.verifiedAt.getTime() + authConfig.stepUpWindow * 1000 - now) / 1000));
}

/**
 * Asks a logged-in user for their password again before a sensitive change. Throttled like a
 * login: a wrong password counts against the account, a right one clears the count.
 */
export async function reauthenticate(user: PublicUser, password: string): Promise<{ ok: true } | { ok: false; reason: "wrong_password" } | Throttled> {
  const admission = await admitAccountGuess(user.username);
  if (!admission.ok) return { ok: false, reason: "throttled", retryAfter: admission.retryAfter };
  if (!(await authenticate(user.username, password))) return { ok: false, reason: "wrong_password" };
  await acceptAccountGuess(user.username);
  return { ok: true };
}

/** The gate of a sensitive change without a password in the request: the window must be open. */
export function stepUpOpen(current: CurrentSession): { ok: true } | StepUpNeeded {
  return verifiedRecently(current.session) ? { ok: true } : STEP_UP_NEEDED;
}

export type StepUp = { ok: true } | { ok: false; reason: "wrong_password" } | StepUpNeeded | Throttled;

/**
 * The gate of a sensitive change. With `password` (the JSON API's `currentPassword`, as an API
 * client has no confirmation page), the password is checked in the same request instead.
 */
export async function requireStepUp(current: CurrentSession, password?: string): Promise<StepUp> {
  if (password === undefined) return stepUpOpen(current);
  const check = await reauthenticate(current.user, password);
  if (!check.ok && check.reason === "wrong_password") await reauthenticationFailed(current.user, "password");
  return check;
}

function reauthenticationFailed(user: PublicUser, method: string): Promise<void> {
  return authEvent("reauthentication_failed", { userId: user.id, username: user.username, detail: method });
}

/** Marks this session as verified now (after a proof the caller checked) and audits how. */
export async function recordStepUp(current: CurrentSession, method: "password" | "totp" | "recovery_code" | "passkey"): Promise<boolean> {
  const now = new Date();
  if (!(await stampVerified(current.key, current.user.id, now))) return false;
  const { loaded } = await requestSession();
  if (loaded?.user?.id === current.user.id) loaded.session.verifiedAt = now;
  current.session.verifiedAt = now;
  await authEvent("reauthenticated", { userId: current.user.id, username: current.user.username, detail: method.replace("_", " ") });
  return true;
}

export type IdentityConfirmation =
  { ok: true } | { ok: false; reason: "wrong_password" | "wrong_code" | "factor_needed" } | { ok: false; reason: "no_session" } | Throttled;

/**
 * /profile/confirm: the password or a second-factor code proves who the user is again. With a
 * second factor on, the password alone does not: a phished password and a stolen session would
 * otherwise add a passkey or turn the factor off, and the second factor would be gone.
 */
export async function confirmIdentity(proof: { password: string } | { code: string }): Promise<IdentityConfirmation> {
  const current = await getCurrentSession();
  if (!current) return { ok: false, reason: "no_session" };
  if ("password" in proof) {
    if (await hasSecondFactor(current.user.id)) return { ok: false, reason: "factor_needed" };
    const checked = await requireStepUp(current, proof.password);
    if (!checked.ok) return checked.reason === "step_up" ? { ok: false, reason: "wrong_password" } : checked;
    await recordStepUp(current, "password");
    return { ok: true };
  }
  const { user } = current;
  const admission = await admitAccountGuess(user.username);
  if (!admission.ok) return { ok: false, reason: "throttled", retryAfter: admission.retryAfter };
  const factor = await verifySecondFactor(user.id, proof.code);
  if (!factor) {
    await reauthenticationFailed(user, "code");
    return { ok: false, reason: "wrong_code" };
  }
  await acceptAccountGuess(user.username);
  await recordStepUp(current, factor);
  return { ok: true };
}
