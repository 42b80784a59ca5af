"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { addMessage, changeMyEmail, currentPasswordField, fieldErrors, optionalEmail, requireUser } from "@/lib/auth";
import { textField, type FormState } from "@/app/ui/form-state";
import { throttled } from "@/app/ui/throttled";
import { sessionEnded } from "@/app/ui/session-ended";

const schema = z.object({
  email: optionalEmail,
  password: currentPasswordField,
});

export async function changeEmailAction(_previous: FormState, formData: FormData): Promise<FormState> {
  await requireUser("/profile/email");
  const values = { email: textField(formData, "email") };
  const parsed = schema.safeParse({ email: formData.get("email"), password: formData.get("password") });
  if (!parsed.success) return { errors: fieldErrors(parsed.error), values };
  const result = await changeMyEmail(parsed.data.password, parsed.data.email ?? null);
  if (!result.ok) {
    if (result.reason === "throttled") return { ...throttled(result.retryAfter), values };
    if (result.reason === "session_ended") return sessionEnded("/profile/email");
    return { errors: { password: ["That is not your password."] }, values };
  }
  // The same words whether or not another account has the address (it is then not applied).
  await addMessage("success", "Your email address was saved, unless another account already uses it.");
  redirect("/profile");
}
