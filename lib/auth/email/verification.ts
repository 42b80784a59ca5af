import "server-only";
import { findUserById, type PublicUser } from "../account/users";
import { emailInUse, markEmailVerified, setEmail } from "../account/user-email";
import type { Mail } from "../../mail";
import type { Throttled } from "../account/outcomes";
import { authEvent } from "../audit/record";
import { getCurrentSession } from "../guards";
import { requestInfo } from "../request";
import { admitLinkUse, admitMailRequest } from "../throttle/limits";
import { mailAfterResponse } from "./background";
import { mailLinksEnabled } from "./enabled";
import { changeAddressMail, verifyAddressMail } from "./messages";
import { dropTokens, issueToken, peekToken, pendingToken, takeToken, type TokenPurpose } from "./tokens";

// Proof that an address reaches its user: a link mailed to it (24 hours, once). A new address, at
// signup or a change, is only pending (an "email_change" link) until the link is opened, so an
// address nobody has proven reserves nothing and is never sent reset links. An address already on
// the account but never proven (an older account, an import) is confirmed with an "email_verify"
// link.

type Holder = Pick<PublicUser, "id" | "username" | "authVersion">;

/**
 * Makes `email` the user's pending address and, after the response, mails it the link (counted
 * per address). `taken`: another account has it; the change looks pending all the same, but its
 * link is never sent, and the address's owner gets `notice` instead.
 */
export async function startAddressChange(user: Holder, email: string, kind: "first" | "replacement", taken: boolean, notice: () => Mail): Promise<void> {
  const token = await issueToken(user, "email_change", email);
  mailAfterResponse(
    () => (taken ? notice() : kind === "first" ? verifyAddressMail(email, user.username, token) : changeAddressMail(email, user.username, token)),
    email,
  );
}

/** The address a link would confirm, if it works (the page asks before confirming). */
export async function checkAddressLink(token: string): Promise<{ email: string } | null> {
  const live = (await peekToken("email_verify", token)) ?? (await peekToken("email_change", token));
  return live ? { email: live.email } : null;
}

export type LinkVerification =
  { ok: true; email: string; changed: boolean } | { ok: false; reason: "invalid_link" } | { ok: false; reason: "email_taken" } | Throttled;

/**
 * Opens a mailed address link: confirms the address already on the account, or makes the pending
 * one the account's address, confirmed. Refused when used, expired, for an address the account no
 * longer has, or when another account took the new address meanwhile. Every other link of the
 * account ends with the change (a reset link sent to the old address among them).
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
  const taken = (await peekToken("email_change", token)) ? await takeToken("email_change", token) : null;
  if (!taken) return { ok: false, reason: "invalid_link" };
  const saved = await setEmail(taken.userId, taken.email, taken.authVersion, true);
  if (saved === "taken") return { ok: false, reason: "email_taken" };
  if (saved === "stale") return { ok: false, reason: "invalid_link" };
  await dropTokens(taken.userId);
  const user = await findUserById(taken.userId);
  await authEvent("email_verified", { userId: taken.userId, username: user?.username, detail: "a new address, from its mailbox" });
  return { ok: true, email: taken.email, changed: true };
}

export type VerificationResend = { ok: true } | { ok: false; reason: "nothing_to_verify" } | Throttled;

/** "Send again": a new link to the logged-in user's pending address, or to their unconfirmed one; older links end. */
export async function resendVerification(): Promise<VerificationResend> {
  const current = await getCurrentSession();
  if (!current) throw new Error("resendVerification needs a logged-in user");
  const { user } = current;
  if (!mailLinksEnabled()) return { ok: false, reason: "nothing_to_verify" };
  const pending = await pendingToken(user, "email_change");
  const purpose: TokenPurpose = pending ? "email_change" : "email_verify";
  const email = pending?.email ?? (user.emailVerifiedAt ? null : user.email);
  if (!email) return { ok: false, reason: "nothing_to_verify" };
  const admission = await admitMailRequest((await requestInfo()).ipAddress);
  if (!admission.ok) return { ok: false, reason: "throttled", retryAfter: admission.retryAfter };
  const token = await issueToken(user, purpose, email);
  mailAfterResponse(async () => {
    if (pending && (await emailInUse(email))) return null; // a taken address is never sent its link
    // A first address is "confirm your address"; one replacing another, "confirm your new address".
    return pending && user.email ? changeAddressMail(email, user.username, token) : verifyAddressMail(email, user.username, token);
  }, email);
  return { ok: true };
}
