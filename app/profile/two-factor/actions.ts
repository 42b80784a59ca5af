"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { addMessage, beginEnrollment, confirmEnrollment, forgetNewRecoveryCodes, requireRecentAuth, requireUser, turnOffSecondFactor } from "@/lib/auth";
import { refusal } from "@/app/ui/messages";
import { validatedUserAction } from "@/app/ui/validated-action";

const PAGE = "/profile/two-factor";

const schema = z.object({
  code: z.string({ error: "Enter the code." }).trim().min(1, "Enter the code.").max(64),
});

export async function beginAction(): Promise<void> {
  await requireRecentAuth(PAGE);
  const started = await beginEnrollment();
  if (!started.ok) await addMessage("warning", "Two-factor authentication is already on.");
  redirect(PAGE);
}

export async function savedCodesAction(): Promise<void> {
  await requireUser(PAGE);
  await forgetNewRecoveryCodes();
  redirect(PAGE);
}

export const confirmAction = validatedUserAction(PAGE, schema, async ({ code }) => {
  const result = await confirmEnrollment(code);
  if (!result.ok) return refusal(result, PAGE);
  redirect(PAGE);
});

export const turnOffAction = validatedUserAction(PAGE, schema, async ({ code }) => {
  const result = await turnOffSecondFactor(code);
  if (!result.ok) return refusal(result, PAGE);
  await addMessage("info", "Two-factor authentication is off. Your other sessions were logged out.");
  redirect(PAGE);
});
