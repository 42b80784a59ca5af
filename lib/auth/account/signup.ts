import "server-only";
import { authEvent } from "../audit/record";
import { requestInfo } from "../request";
import { emailInUse } from "./user-email";
import { addressInUseNotice } from "../email/messages";
import { mailLinksEnabled } from "../email/enabled";
import { startAddressChange } from "../email/verification";
import { admitSignup } from "../throttle/limits";
import type { SignupInput } from "../validation";
import type { Throttled } from "./outcomes";
import { createUser, type CreateUserResult } from "./users";

/**
 * Creates a user; like Django's signup it does not log them in. Each client address gets a
 * number of free signups, then has to wait longer and longer. An address given is pending until
 * the link mailed to it is opened; one that belongs to another account looks pending the same
 * (a signup must not tell anyone which addresses have accounts), and its owner is told instead.
 */
export async function signup(input: SignupInput): Promise<CreateUserResult | Throttled> {
  const client = await requestInfo();
  const admission = await admitSignup(client.ipAddress);
  if (!admission.ok) return { ok: false, reason: "throttled", retryAfter: admission.retryAfter };
  // With mail, the address waits for its link; without, it is saved unconfirmed (and left out
  // when another account has it).
  const withMail = Boolean(input.email) && mailLinksEnabled();
  const result = await createUser(input.username, input.password, withMail ? null : input.email);
  if (!result.ok) return result;
  await authEvent("signup", { userId: result.user.id, username: result.user.username });
  if (withMail && input.email) {
    const email = input.email;
    const at = new Date();
    await startAddressChange(result.user, email, "first", await emailInUse(email), () => addressInUseNotice(email, at, client, "signup"));
  }
  return result;
}
