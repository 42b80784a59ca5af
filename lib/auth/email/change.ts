import "server-only";
import { SESSION_ENDED, type SessionEnded, type StepUpNeeded, type Throttled } from "../account/outcomes";
import { stepUpOpen } from "../account/step-up";
import { emailInUse, setEmail } from "../account/user-email";
import { authEvent } from "../audit/record";
import { getCurrentSession } from "../guards";
import { requestInfo } from "../request";
import { flushSession } from "../session/data";
import { admitEmailChange } from "../throttle/limits";
import { mailAfterResponse } from "./background";
import { mailLinksEnabled } from "./enabled";
import { addressChangeNotice, addressInUseNotice, addressRemovedNotice } from "./messages";
import { dropTokens, pendingToken } from "./tokens";
import { startAddressChange } from "./verification";

// Changing the address: the new one applies only once a link mailed to it is opened
// (./verification.ts), and the old one is told at once. A taken address is answered, and shown
// as pending, exactly like a free one: its owner gets a notice instead, and the change can never
// complete.

export type EmailChange =
  { ok: true; outcome: "pending"; email: string } | { ok: true; outcome: "removed" | "unchanged" | "saved" } | StepUpNeeded | SessionEnded | Throttled;

/**
 * Sets, changes or removes the logged-in user's address, behind a step-up. Throttled per
 * account and per client even with the right password. Without mail (EMAIL_BACKEND=disabled) a
 * new address is saved unconfirmed, as there is no way to prove it.
 */
export async function changeMyEmail(email: string | null): Promise<EmailChange> {
  const current = await getCurrentSession();
  if (!current) throw new Error("changeMyEmail needs a logged-in user");
  const { user } = current;
  const check = stepUpOpen(current);
  if (!check.ok) return check;
  const client = await requestInfo();
  const admission = await admitEmailChange(user.username, client.ipAddress);
  if (!admission.ok) return { ok: false, reason: "throttled", retryAfter: admission.retryAfter };
  if (email === user.email) return { ok: true, outcome: "unchanged" };
  const at = new Date();
  if (email === null || !mailLinksEnabled()) {
    const saved = await setEmail(user.id, email, user.authVersion);
    if (saved === "stale") return ended();
    // Every link ends with the address it went to (a reset link to the old address among them).
    await dropTokens(user.id);
    const old = user.email;
    if (old && mailLinksEnabled()) mailAfterResponse(() => addressRemovedNotice(old, user.username, at, client));
    await authEvent("email_changed", {
      userId: user.id,
      username: user.username,
      detail: saved === "taken" ? "not applied: another account has the address" : undefined,
    });
    return { ok: true, outcome: email === null ? "removed" : "saved" };
  }
  const taken = await emailInUse(email);
  await startAddressChange(user, email, user.email ? "replacement" : "first", taken, () => addressInUseNotice(email, at, client, "change"));
  const old = user.email;
  if (old) mailAfterResponse(() => addressChangeNotice(old, user.username, at, client));
  await authEvent("email_change_requested", { userId: user.id, username: user.username, detail: taken ? "another account has the address" : undefined });
  return { ok: true, outcome: "pending", email };
}

async function ended(): Promise<SessionEnded> {
  await flushSession();
  return SESSION_ENDED;
}

/** The address the logged-in user's change waits on, and until when its link works. */
export async function myPendingEmail(): Promise<{ email: string; expiresAt: Date } | null> {
  const current = await getCurrentSession();
  return current ? pendingToken(current.user, "email_change") : null;
}

/** Cancels the logged-in user's pending change: its link stops working. */
export async function cancelEmailChange(): Promise<boolean> {
  const current = await getCurrentSession();
  if (!current) throw new Error("cancelEmailChange needs a logged-in user");
  const dropped = await dropTokens(current.user.id, ["email_change"]);
  if (dropped > 0) await authEvent("email_change_cancelled", { userId: current.user.id, username: current.user.username });
  return dropped > 0;
}
