"use server";
import { redirect } from "next/navigation";
import { addMessage, confirmPasswordReset, LINK_INVALID, passwordResetFormSchema } from "@/lib/auth";
import { refusal } from "@/app/ui/messages";
import { validatedAction } from "@/app/ui/validated-action";

export const resetPasswordAction = validatedAction(passwordResetFormSchema, async ({ token, password }) => {
  const result = await confirmPasswordReset(token, password);
  if (result.ok) {
    // Not logged in: the new password is the way in, and a second factor is still asked.
    await addMessage("success", "Your password was changed and every session was logged out. Log in with the new password.");
    redirect("/login");
  }
  switch (result.reason) {
    case "weak_password":
      return { errors: { password: result.problems } };
    case "invalid_link":
      return { message: LINK_INVALID, errors: { token: [LINK_INVALID] } };
    default:
      return refusal(result, "/password-reset");
  }
});
