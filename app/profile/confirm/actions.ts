"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import {
  beginPasskeyStepUp,
  confirmIdentity,
  currentPasswordField,
  DEFAULT_LOGIN_REDIRECT,
  finishPasskeyStepUp,
  isTemporarilyUnavailable,
  PASSKEY_RESPONSE_MAX_LENGTH,
  safeNextPath,
  secondFactorCodeSchema,
  type CeremonyStart,
} from "@/lib/auth";
import { throttledMessage } from "@/app/ui/throttled";
import { refusal } from "@/app/ui/messages";
import { validatedUserAction } from "@/app/ui/validated-action";
import { UNAVAILABLE_MESSAGE, type FormState } from "@/app/ui/form-state";

const next = z.string().max(2048).optional();

async function answer(result: Awaited<ReturnType<typeof confirmIdentity>>, to: string | undefined): Promise<FormState> {
  if (result.ok) redirect(safeNextPath(to) ?? DEFAULT_LOGIN_REDIRECT);
  if (result.reason === "no_session") redirect("/login");
  return refusal(result, "/profile/confirm");
}

export const confirmPasswordAction = validatedUserAction("/profile/confirm", z.object({ password: currentPasswordField, next }), async (input) =>
  answer(await confirmIdentity({ password: input.password }), input.next),
);

export const confirmCodeAction = validatedUserAction("/profile/confirm", secondFactorCodeSchema.extend({ next }), async (input) =>
  answer(await confirmIdentity({ code: input.code }), input.next),
);

export async function passkeyStepUpOptions(): Promise<CeremonyStart | null> {
  return beginPasskeyStepUp();
}

const passkeySchema = z.object({ response: z.string().max(PASSKEY_RESPONSE_MAX_LENGTH), ticket: z.string().max(4096), next });

/** The step-up by passkey: back to `next` once it checks out, or why not. */
export async function confirmWithPasskey(input: z.input<typeof passkeySchema>): Promise<{ message: string } | { to: string }> {
  const parsed = passkeySchema.safeParse(input);
  if (!parsed.success) return { message: "That passkey answer was not understood. Try again." };
  let result;
  try {
    result = await finishPasskeyStepUp(parsed.data.response, parsed.data.ticket);
  } catch (error) {
    if (isTemporarilyUnavailable(error)) return { message: UNAVAILABLE_MESSAGE };
    throw error;
  }
  if (result.ok) return { to: safeNextPath(parsed.data.next) ?? DEFAULT_LOGIN_REDIRECT };
  if (result.reason === "throttled") return { message: throttledMessage(result.retryAfter) };
  if (result.reason === "expired") return { message: "That took too long. Try the passkey again." };
  return { message: "That passkey did not confirm it is you. Try another, or your password." };
}
