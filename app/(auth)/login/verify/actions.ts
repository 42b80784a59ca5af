"use server";
import { redirect } from "next/navigation";
import { addMessage, completeSecondStep, DEFAULT_LOGIN_REDIRECT, secondFactorCodeSchema } from "@/lib/auth";
import { refusal } from "@/app/ui/messages";
import { validatedAction } from "@/app/ui/validated-action";

export const verifyAction = validatedAction(secondFactorCodeSchema, async ({ code }) => {
  const result = await completeSecondStep(code);
  if (result.ok) redirect(result.next ?? DEFAULT_LOGIN_REDIRECT);
  if (result.reason === "expired") {
    await addMessage("warning", "That took too long. Please log in again.");
    redirect("/login");
  }
  return refusal(result.reason === "throttled" ? result : { reason: "invalid_code" }, "/login/verify");
});
