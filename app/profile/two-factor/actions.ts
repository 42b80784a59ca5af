"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { addMessage, beginEnrollment, confirmEnrollment, currentPasswordField, type FactorChange, fieldErrors, forgetNewRecoveryCodes, requireUser, turnOffSecondFactor } from "@/lib/auth";
import { throttled } from "@/app/ui/throttled";

export type FactorFormState = { errors?: Record<string, string[] | undefined>; message?: string; done?: boolean };

const schema = z.object({
  password: currentPasswordField,
  code: z.string({ error: "Enter the code." }).trim().min(1, "Enter the code.").max(64),
});

const WRONG: Record<string, FactorFormState> = {
  wrong_password: { errors: { password: ["That is not your password."] } },
  wrong_code: { errors: { code: ["That code is not valid. Check the time on your device and try the next one."] } },
  no_setup: { message: "The setup expired. Start again." },
  already_on: { message: "Two-factor authentication is already on." },
  session_ended: { message: "Your session ended before the change was made. Please log in again." },
};

function answer(result: FactorChange): FactorFormState {
  if (result.ok) return { done: true };
  if (result.reason === "throttled") return { ...throttled(result.retryAfter) };
  return WRONG[result.reason]!;
}

export async function beginAction(): Promise<void> {
  await requireUser("/profile/two-factor");
  const started = await beginEnrollment();
  if (!started.ok) await addMessage("warning", "Two-factor authentication is already on.");
  redirect("/profile/two-factor");
}

export async function savedCodesAction(): Promise<void> {
  await requireUser("/profile/two-factor");
  await forgetNewRecoveryCodes();
  redirect("/profile/two-factor");
}

export async function confirmAction(_previous: FactorFormState, formData: FormData): Promise<FactorFormState> {
  await requireUser("/profile/two-factor");
  const parsed = schema.safeParse({ password: formData.get("password"), code: formData.get("code") });
  if (!parsed.success) return { errors: fieldErrors(parsed.error) };
  const result = answer(await confirmEnrollment(parsed.data.password, parsed.data.code));
  if (result.done) redirect("/profile/two-factor");
  return result;
}

export async function turnOffAction(_previous: FactorFormState, formData: FormData): Promise<FactorFormState> {
  await requireUser("/profile/two-factor");
  const parsed = schema.safeParse({ password: formData.get("password"), code: formData.get("code") });
  if (!parsed.success) return { errors: fieldErrors(parsed.error) };
  const result = answer(await turnOffSecondFactor(parsed.data.password, parsed.data.code));
  if (result.done) {
    await addMessage("info", "Two-factor authentication is off. Your other sessions were logged out.");
    redirect("/profile/two-factor");
  }
  return result;
}
