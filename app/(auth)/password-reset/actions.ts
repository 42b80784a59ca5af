"use server";
import { passwordResetRequestSchema, requestPasswordReset, RESET_REQUESTED } from "@/lib/auth";
import { refusal } from "@/app/ui/messages";
import { validatedAction } from "@/app/ui/validated-action";

export const requestResetAction = validatedAction(
  passwordResetRequestSchema,
  async ({ email }) => {
    const result = await requestPasswordReset(email);
    // The same notice for every address, with or without an account.
    return result.ok ? { notice: RESET_REQUESTED } : refusal(result, "/password-reset");
  },
  { keep: ["email"] },
);
