import "server-only";
import { sendMail } from "../../mail";
import { mailLinksEnabled } from "./enabled";
import { findUserByVerifiedEmail } from "../account/user-email";
import { findUserById, setPassword } from "../account/users";
import type { Throttled } from "../account/outcomes";
import { authEvent } from "../audit/record";
import { hashPassword } from "../password/hash";
import { passwordProblems } from "../password/policy";
import { requestInfo } from "../request";
import { deleteUserSessions } from "../session/user-sessions";
import { admitLinkUse, admitMailRequest, clearAccountGuesses } from "../throttle/limits";
import { afterResponse, mailAfterResponse } from "./background";
import { passwordResetNotice, resetLinkMail } from "./messages";
import { dropTokens, issueToken, peekToken, takeToken } from "./tokens";

// Password reset by a link mailed to the account's verified address (OWASP's Forgot Password
// cheat sheet): the same answer, in words, status and time, for every address; the link works
// once, for an hour, and dies with any change of the password; a reset ends every session and
// logs nobody in; a second factor stays.

export type Unavailable = { ok: false; reason: "mail_disabled" };
export type ResetRequest = { ok: true } | Throttled | Unavailable;

/**
 * Asks for a reset link to `email` (lowercased by the caller's schema). Counted per client and
 * per address before anything else; finding the account and mailing it happen after the answer.
 */
export async function requestPasswordReset(email: string): Promise<ResetRequest> {
  if (!mailLinksEnabled()) return { ok: false, reason: "mail_disabled" };
  const client = await requestInfo();
  const admission = await admitMailRequest(email, client.ipAddress);
  if (!admission.ok) return { ok: false, reason: "throttled", retryAfter: admission.retryAfter };
  afterResponse(() => deliverResetLink(email));
  return { ok: true };
}

/** Mails a reset link if an active account has `email` as its verified address; otherwise nothing. */
export async function deliverResetLink(email: string): Promise<boolean> {
  const user = await findUserByVerifiedEmail(email);
  if (!user || !user.email) return false;
  const token = await issueToken(user, "password_reset", user.email);
  await authEvent("password_reset_requested", { userId: user.id, username: user.username });
  return sendMail(resetLinkMail(user.email, user.username, token));
}

/** Whose reset link this is, if it still works (the page shows the form only then; the link stays usable). */
export async function checkResetLink(token: string): Promise<{ username: string } | null> {
  const live = await peekToken("password_reset", token);
  const user = live ? await findUserById(live.userId) : null;
  return user ? { username: user.username } : null;
}

export type ResetConfirmation = { ok: true } | { ok: false; reason: "invalid_link" } | { ok: false; reason: "weak_password"; problems: string[] } | Throttled;

/**
 * Sets the new password through a reset link. The link is used up only by a password the policy
 * accepts; the hash is written only while the account is as the link found it (a password
 * changed meanwhile wins). Then every session and link of the user ends, the account's login
 * throttle starts over, and a notice goes to the address.
 */
export async function confirmPasswordReset(token: string, password: string): Promise<ResetConfirmation> {
  const client = await requestInfo();
  const admission = await admitLinkUse(client.ipAddress);
  if (!admission.ok) return { ok: false, reason: "throttled", retryAfter: admission.retryAfter };
  const live = await peekToken("password_reset", token);
  const user = live ? await findUserById(live.userId) : null;
  if (!live || !user) return { ok: false, reason: "invalid_link" };
  const problems = passwordProblems(password, user.username);
  if (problems.length > 0) return { ok: false, reason: "weak_password", problems };
  const passwordHash = await hashPassword(password);
  const taken = await takeToken("password_reset", token);
  if (!taken || (await setPassword(user.id, passwordHash, taken.authVersion)) === null) return { ok: false, reason: "invalid_link" };
  await deleteUserSessions(user.id);
  await dropTokens(user.id);
  await clearAccountGuesses(user.username);
  await authEvent("password_reset", { userId: user.id, username: user.username });
  mailAfterResponse(() => passwordResetNotice(taken.email, user.username, new Date(), client));
  return { ok: true };
}
