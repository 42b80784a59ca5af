import "server-only";
import { findUserById, type PublicUser } from "../account/users";
import { markEmailVerified, setEmail } from "../account/user-email";
import type { Throttled } from "../account/outcomes";
import { authEvent } from "../audit/record";
import { getCurrentSession } from "../guards";
import { requestInfo } from "../request";
import { admitLinkUse, admitMailRequest } from "../throttle/limits";
import { mailAfterResponse } from "./background";
import { verifyAddressMail } from "./messages";
import { mailLinksEnabled } from "./enabled";
import { dropTokens, issueToken, peekToken, takeToken } from "./tokens";

// Proof that an address reaches its user: a link mailed to it (24 hours, once). Only a verified
// address is sent reset links, so a typo at signup cannot hand an account to a stranger. The same
// link page confirms a new address after a change (./change.ts): the token's purpose says which.

/** Mails a link that verifies the user's current address, after the response. */
export function sendVerificationAfterResponse(user: Pick<PublicUser, "id" | "username" | "authVersion">, email: string): void {
  if (!mailLinksEnabled()) return;
  mailAfterResponse(async () => verifyAddressMail(email, user.username, await issueToken(user, "email_verify", email)));
}

export type LinkVerification =
  { ok: true; email: string; changed: boolean } | { ok: false; reason: "invalid_link" } | { ok: false; reason: "email_taken" } | Throttled;

/**
 * Opens a mailed address link: verifies the address it was sent to, or (a change) makes it the
 * account's address, verified. Refused when used, expired, for an address the account no longer
 * has, or when another account took the new address meanwhile.
 */
export async function verifyEmailLink(token: string): Promise<LinkVerification> {
  const admission = await admitLinkUse((await requestInfo()).ipAddress);
  if (!admission.ok) return { ok: false, reason: "throttled", retryAfter: admission.retryAfter };
  if (await peekToken("email_verify", token)) {
    const taken = await takeToken("email_verify", token);
    if (!taken || !(await markEmailVerified(taken.userId, taken.email))) return { ok: false, reason: "invalid_link" };
    const user = await findUserById(taken.userId);
    await authEvent("email_verified", { userId: taken.userId, username: user?.username });
    return { ok: true, email: taken.email, changed: false };
  }
  const change = await peekToken("email_change", token);
  if (!change) return { ok: false, reason: "invalid_link" };
  const taken = await takeToken("email_change", token);
  if (!taken) return { ok: false, reason: "invalid_link" };
  const saved = await setEmail(taken.userId, taken.email, taken.authVersion, true);
  if (saved === "taken") return { ok: false, reason: "email_taken" };
  if (saved === "stale") return { ok: false, reason: "invalid_link" };
  await dropTokens(taken.userId, ["email_verify", "email_change"]);
  const user = await findUserById(taken.userId);
  await authEvent("email_changed", { userId: taken.userId, username: user?.username, detail: "confirmed from the new address" });
  return { ok: true, email: taken.email, changed: true };
}

export type VerificationResend = { ok: true } | { ok: false; reason: "nothing_to_verify" } | Throttled;

/** "Send again": a new verification link to the logged-in user's unverified address. */
export async function resendVerification(): Promise<VerificationResend> {
  const current = await getCurrentSession();
  if (!current) throw new Error("resendVerification needs a logged-in user");
  const { user } = current;
  if (!user.email || user.emailVerifiedAt || !mailLinksEnabled()) return { ok: false, reason: "nothing_to_verify" };
  const admission = await admitMailRequest(user.email, (await requestInfo()).ipAddress);
  if (!admission.ok) return { ok: false, reason: "throttled", retryAfter: admission.retryAfter };
  sendVerificationAfterResponse(user, user.email);
  return { ok: true };
}
