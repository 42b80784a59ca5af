"use server";
import { redirect } from "next/navigation";
import { addMessage, changePassword, fieldErrors, passwordChangeSchema, requireUser } from "@/lib/auth";
import type { FormState } from "@/app/ui/form-state";
import { throttled } from "@/app/ui/throttled";
import { sessionEnded } from "@/app/ui/session-ended";

export async function changePasswordAction(_previous: FormState, formData: FormData): Promise<FormState> {
  await requireUser("/profile/password");
  const parsed = passwordChangeSchema.safeParse({
    currentPassword: formData.get("currentPassword"),
    newPassword: formData.get("newPassword"),
  });
  if (!parsed.success) return { errors: fieldErrors(parsed.error) };
  const result = await changePassword(parsed.data.currentPassword, parsed.data.newPassword);
  if (!result.ok) {
    if (result.reason === "throttled") return { ...throttled(result.retryAfter) };
    if (result.reason === "wrong_password") return { errors: { currentPassword: ["That is not your current password."] } };
    if (result.reason === "session_ended") return sessionEnded("/profile/password");
    return { errors: { newPassword: result.problems } };
  }
  await addMessage("success", "Your password was changed. Your other sessions were logged out.");
  redirect("/profile");
}
