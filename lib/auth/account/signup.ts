import "server-only";
import { authEvent } from "../audit/record";
import { requestInfo, type RequestInfo } from "../request";
import { mailAfterResponse } from "../email/background";
import { addressInUseNotice } from "../email/messages";
import { mailLinksEnabled } from "../email/enabled";
import { sendVerificationAfterResponse } from "../email/verification";
import { admitSignup, mayNotifyAddress } from "../throttle/limits";
import type { SignupInput } from "../validation";
import type { Throttled } from "./outcomes";
import { createUser, type CreateUserResult } from "./users";

/**
 * Creates a user; like Django's signup it does not log them in. Each client address gets a
 * number of free signups, then has to wait longer and longer. A new address gets a link that
 * verifies it; an address that belongs to another account is left out, the answer does not say
 * so (a signup form must not tell anyone which addresses have accounts), and its owner is told.
 */
export async function signup(input: SignupInput): Promise<CreateUserResult | Throttled> {
  const client = await requestInfo();
  const admission = await admitSignup(client.ipAddress);
  if (!admission.ok) return { ok: false, reason: "throttled", retryAfter: admission.retryAfter };
  const result = await createUser(input.username, input.password, input.email);
  if (!result.ok) return result;
  await authEvent("signup", { userId: result.user.id, username: result.user.username });
  if (input.email && result.emailTaken) noticeAddressInUse(input.email, client);
  else if (input.email) sendVerificationAfterResponse(result.user, input.email);
  return result;
}

function noticeAddressInUse(email: string, client: RequestInfo): void {
  if (!mailLinksEnabled()) return;
  const at = new Date();
  mailAfterResponse(async () => ((await mayNotifyAddress(email)) ? addressInUseNotice(email, at, client, "signup") : null));
}
