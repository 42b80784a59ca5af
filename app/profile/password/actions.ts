"use server";
import { redirect } from "next/navigation";
import { addMessage, changePassword, passwordChangeSchema } from "@/lib/auth";
import { refusal } from "@/app/ui/messages";
import { validatedUserAction } from "@/app/ui/validated-action";

export const changePasswordAction = validatedUserAction("/profile/password", passwordChangeSchema, async ({ currentPassword, newPassword }) => {
  const result = await changePassword(currentPassword, newPassword);
  if (!result.ok) return refusal(result.reason === "wrong_password" ? { reason: "wrong_current_password" } : result, "/profile/password");
  await addMessage("success", "Your password was changed. Your other sessions were logged out.");
  redirect("/profile");
});
