"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { confirmIdentity, currentPasswordField, DEFAULT_LOGIN_REDIRECT, safeNextPath, secondFactorCodeSchema } from "@/lib/auth";
import { refusal } from "@/app/ui/messages";
import { validatedUserAction } from "@/app/ui/validated-action";
import type { FormState } from "@/app/ui/form-state";

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
