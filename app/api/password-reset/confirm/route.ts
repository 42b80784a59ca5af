import { confirmPasswordReset, LINK_INVALID, passwordResetSchema } from "@/lib/auth";
import { json, throttledResponse, validatedPost } from "@/lib/http/api";

export const POST = validatedPost(passwordResetSchema, async ({ token, password }) => {
  const result = await confirmPasswordReset(token, password);
  if (result.ok) return json({ message: "Password changed. Every session was logged out: log in with the new password." });
  switch (result.reason) {
    case "throttled":
      return throttledResponse(result.retryAfter);
    case "weak_password":
      return json({ error: "Invalid input", fields: { password: result.problems } }, 400);
    case "invalid_link":
      return json({ error: LINK_INVALID, requestAgain: "/api/password-reset" }, 400);
  }
});
