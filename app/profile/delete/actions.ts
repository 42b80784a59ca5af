"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { addMessage, currentPasswordField, deleteMyAccount, fieldErrors, requireUser } from "@/lib/auth";
import type { FormState } from "@/app/ui/form-state";
import { throttled } from "@/app/ui/throttled";
import { sessionEnded } from "@/app/ui/session-ended";

const schema = z.object({
  password: currentPasswordField,
});

export async function deleteAccountAction(_previous: FormState, formData: FormData): Promise<FormState> {
  await requireUser("/profile/delete");
  const parsed = schema.safeParse({ password: formData.get("password") });
  if (!parsed.success) return { errors: fieldErrors(parsed.error) };
  const result = await deleteMyAccount(parsed.data.password);
  if (!result.ok) {
    if (result.reason === "throttled") return { ...throttled(result.retryAfter) };
    if (result.reason === "session_ended") return sessionEnded("/profile/delete");
    return { errors: { password: ["That is not your password."] } };
  }
  await addMessage("info", "Your account was deleted.");
  redirect("/");
}
