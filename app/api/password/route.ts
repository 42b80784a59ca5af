import { changePassword, getCurrentUser, passwordChangeSchema, WRONG_CURRENT_PASSWORD } from "@/lib/auth";
import { json, throttledResponse, validatedPost } from "@/lib/http/api";

export const POST = validatedPost(passwordChangeSchema, async ({ currentPassword, newPassword }) => {
  if (!(await getCurrentUser())) return json({ error: "Unauthorized" }, 401);
  // The current password is the step-up here: an API client has no confirmation page.
  const result = await changePassword(newPassword, currentPassword);
  if (result.ok) return json({ message: "Password changed" });
  switch (result.reason) {
    case "throttled":
      return throttledResponse(result.retryAfter);
    case "wrong_password":
      return json({ error: "Invalid input", fields: { currentPassword: [WRONG_CURRENT_PASSWORD] } }, 400);
    case "session_ended":
    case "step_up":
      return json({ error: "Unauthorized" }, 401);
    case "weak_password":
      return json({ error: "Invalid input", fields: { newPassword: result.problems } }, 400);
  }
});
