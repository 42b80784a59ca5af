import "server-only";
import { authEvent } from "../audit/record";
import { requestInfo } from "../request";
import { admitSignup } from "../throttle/limits";
import type { SignupInput } from "../validation";
import type { Throttled } from "./outcomes";
import { createUser, type CreateUserResult } from "./users";

/**
 * Creates a user; like Django's signup it does not log them in. Each client address gets a
 * number of free signups, then has to wait longer and longer. An email address that belongs to
 * another account is left out, and the answer does not say so (a signup form must not tell
 * anyone which addresses have accounts).
 */
export async function signup(input: SignupInput): Promise<CreateUserResult | Throttled> {
  const { ipAddress } = await requestInfo();
  const admission = await admitSignup(ipAddress);
  if (!admission.ok) return { ok: false, reason: "throttled", retryAfter: admission.retryAfter };
  const result = await createUser(input.username, input.password, input.email);
  if (result.ok) await authEvent("signup", { userId: result.user.id, username: result.user.username });
  return result;
}
