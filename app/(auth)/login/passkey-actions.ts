"use server";
import { z } from "zod";
import {
  beginPasskeyLogin,
  DEFAULT_LOGIN_REDIRECT,
  finishPasskeyLogin,
  isTemporarilyUnavailable,
  PASSKEY_RESPONSE_MAX_LENGTH,
  safeNextPath,
  type CeremonyStart,
} from "@/lib/auth";
import { UNAVAILABLE_MESSAGE } from "@/app/ui/form-state";
import { throttledMessage } from "@/app/ui/throttled";

export async function passkeyLoginOptions(): Promise<CeremonyStart> {
  return beginPasskeyLogin();
}

const finishSchema = z.object({
  response: z.string().max(PASSKEY_RESPONSE_MAX_LENGTH),
  ticket: z.string().max(4096),
  remember: z.boolean(),
  next: z.string().max(2048).nullable(),
});

/**
 * Signs in with the passkey's answer: where to go next, or why not. (The browser navigates
 * itself: a redirect thrown by an action called from an event handler reaches the handler.)
 */
export async function passkeyLogin(input: z.input<typeof finishSchema>): Promise<{ message: string } | { to: string }> {
  const parsed = finishSchema.safeParse(input);
  if (!parsed.success) return { message: "That passkey answer was not understood. Try again." };
  const { response, ticket, remember, next } = parsed.data;
  let result;
  try {
    result = await finishPasskeyLogin(response, ticket, remember);
  } catch (error) {
    if (isTemporarilyUnavailable(error)) return { message: UNAVAILABLE_MESSAGE };
    throw error;
  }
  if (result.ok) return { to: safeNextPath(next) ?? DEFAULT_LOGIN_REDIRECT };
  if (result.reason === "throttled") return { message: throttledMessage(result.retryAfter) };
  if (result.reason === "expired") return { message: "That took too long. Try the passkey again." };
  return { message: "That passkey is not recognised here. Sign in with your password, or try another passkey." };
}
