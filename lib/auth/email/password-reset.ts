import "server-only";
import { findUserById, setPassword, type PublicUser } from "../account/users";
import { findUserByVerifiedEmail } from "../account/user-email";
import type { Throttled } from "../account/outcomes";
import { authEvent } from "../audit/record";
import { hashPassword } from "../password/hash";
import { passwordProblems } from "../password/policy";
import { requestInfo } from "../request";
import { deleteUserSessions } from "../session/user-sessions";
import { admitLinkUse, admitMailRequest, clearAccountGuesses } from "../throttle/limits";
import { mailAfterResponse } from "./background";
import { mailLinksEnabled } from "./enabled";
import { passwordResetNotice, resetLinkMail } from "./messages";
import { dropTokens, issueToken, peekToken, takeToken, type LiveToken } from "./tokens";

// Password reset by a link mailed to the account's confirmed address (OWASP's Forgot Password
// cheat sheet): the same answer, in words, status and time, for every address; the link works
// once, for an hour, only while the address it went to is still the account's confirmed one, and
// dies with any change of the password; a reset ends every session and logs nobody in; a second
// factor stays.

export type Unavailable = { ok: false; reason: "mail_disabled" };
export type ResetRequest = { ok: true } | Throttled | Unavailable;

/**
 * Asks for a reset link to `email` (lowercased by the caller's schema). Counted per client before
 * anything else; the address's own count, finding the account and mailing it happen after the
 * answer.
 */
export async function requestPasswordReset(email: string): Promise<ResetRequest> {
  if (!mailLinksEnabled()) return { ok: false, reason: "mail_disabled" };
  const admission = await admitMailRequest((await requestInfo()).ipAddress);
  if (!admission.ok) return { ok: false, reason: "throttled", retryAfter: admission.retryAfter };
  mailAfterResponse(async () => {
    const user = await findUserByVerifiedEmail(email);
    if (!user?.email) return null;
    const token = await issueToken(user, "password_reset", user.email);
    await authEvent("password_reset_requested", { userId: user.id, username: user.username });
    return resetLinkMail(user.email, user.username, token);
  }, email);
  return { ok: true };
}

/** The link's account, if the link works and went to the account's current, confirmed address. */
async function holderOf(live: LiveToken | null): Promise<PublicUser | null> {
  const user = live ? await findUserById(live.userId) : null;
  return user && live && user.email === live.email && user.emailVerifiedAt ? user : null;
}

/** Whose reset link this is, if it still works (the page shows the form only then; the link stays usable). */
export async function checkResetLink(token: string): Promise<{ username: string } | null> {
  const user = await holderOf(await peekToken("password_reset", token));
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
  const user = await holderOf(await peekToken("password_reset", token));
  if (!user) return { ok: false, reason: "invalid_link" };
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
