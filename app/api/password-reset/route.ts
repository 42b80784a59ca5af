import { passwordResetRequestSchema, requestPasswordReset, RESET_REQUESTED } from "@/lib/auth";
import { json, throttledResponse, validatedPost } from "@/lib/http/api";

// The same 200 for every address: whether it has an account is never said.
export const POST = validatedPost(passwordResetRequestSchema, async ({ email }) => {
  const result = await requestPasswordReset(email);
  if (result.ok) return json({ message: RESET_REQUESTED });
  if (result.reason === "throttled") return throttledResponse(result.retryAfter);
  return json({ error: "Password reset by email is turned off on this server." }, 503);
});
