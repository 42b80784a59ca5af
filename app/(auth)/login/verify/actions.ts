"use server";
import { redirect } from "next/navigation";
import { addMessage, completeSecondStep, DEFAULT_LOGIN_REDIRECT, fieldErrors, isTemporarilyUnavailable, secondFactorCodeSchema } from "@/lib/auth";
import type { FormState } from "@/app/ui/form-state";
import { throttled } from "@/app/ui/throttled";
import { UNAVAILABLE_MESSAGE } from "@/app/ui/unavailable";

export async function verifyAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = secondFactorCodeSchema.safeParse({ code: formData.get("code") });
  if (!parsed.success) return { errors: fieldErrors(parsed.error) };
  let next: string | null;
  try {
    const result = await completeSecondStep(parsed.data.code);
    if (!result.ok && result.reason === "expired") {
      await addMessage("warning", "That took too long. Please log in again.");
      redirect("/login");
    }
    if (!result.ok && result.reason === "throttled") return { ...throttled(result.retryAfter) };
    if (!result.ok) return { message: "That code is not valid. Try the next one from your app, or a recovery code." };
    next = result.next;
  } catch (error) {
    if (isTemporarilyUnavailable(error)) return { message: UNAVAILABLE_MESSAGE };
    throw error;
  }
  redirect(next ?? DEFAULT_LOGIN_REDIRECT);
}
