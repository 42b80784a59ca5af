"use server";
import { redirect } from "next/navigation";
import { addMessage, changePassword, newPasswordSchema } from "@/lib/auth";
import { refusal } from "@/app/ui/messages";
import { validatedUserAction } from "@/app/ui/validated-action";

export const changePasswordAction = validatedUserAction("/profile/password", newPasswordSchema, async ({ newPassword }) => {
  const result = await changePassword(newPassword);
  if (!result.ok) return refusal(result, "/profile/password");
  await addMessage("success", "Your password was changed. Your other sessions were logged out.");
  redirect("/profile");
});
