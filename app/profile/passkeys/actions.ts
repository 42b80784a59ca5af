"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import {
  addMessage,
  beginPasskeyRegistration,
  confirmPath,
  finishPasskeyRegistration,
  getCurrentUser,
  loginPath,
  PASSKEY_RESPONSE_MAX_LENGTH,
  removeMyPasskey,
  renameMyPasskey,
} from "@/lib/auth";
import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import { refusal, STEP_UP_MESSAGE } from "@/app/ui/messages";
import { validatedUserAction } from "@/app/ui/validated-action";

const PAGE = "/profile/passkeys";

const nameField = z.string({ error: "Give the passkey a name." }).trim().min(1, "Give the passkey a name.").max(64, "Keep the name under 64 characters.");
const idField = z.coerce.number().int().positive();

// These two are called from an event handler, so they answer where to go rather than redirect.
async function stepUp(): Promise<{ to: string }> {
  await addMessage("info", STEP_UP_MESSAGE);
  return { to: confirmPath(PAGE) };
}

/** The options for the browser's "create a passkey", or a redirect to the step-up. */
export async function registrationOptions(): Promise<
  { options: PublicKeyCredentialCreationOptionsJSON; ticket: string } | { message: string } | { to: string }
> {
  if (!(await getCurrentUser())) return { to: loginPath(PAGE) };
  const started = await beginPasskeyRegistration();
  if (started.ok) return { options: started.options, ticket: started.ticket };
  if (started.reason === "step_up") return stepUp();
  return { message: "You have as many passkeys as an account may hold. Remove one first." };
}

const finishSchema = z.object({ response: z.string().max(PASSKEY_RESPONSE_MAX_LENGTH), ticket: z.string().max(4096), name: nameField });

const REFUSED = {
  invalid: "The passkey could not be checked. Try again.",
  expired: "That took too long. Try again.",
  too_many: "You have as many passkeys as an account may hold. Remove one first.",
  already_registered: "That passkey is already registered.",
} as const;

/** Stores the new passkey; `to` where the browser goes next (it navigates itself), or why not. */
export async function registerPasskey(input: z.input<typeof finishSchema>): Promise<{ message: string; field?: "name" } | { to: string }> {
  if (!(await getCurrentUser())) return { to: loginPath(PAGE) };
  const parsed = finishSchema.safeParse(input);
  if (!parsed.success) return { message: parsed.error.issues[0]?.path[0] === "name" ? parsed.error.issues[0].message : REFUSED.invalid, field: "name" };
  const result = await finishPasskeyRegistration(parsed.data.response, parsed.data.ticket, parsed.data.name);
  if (!result.ok && result.reason === "step_up") return stepUp();
  if (!result.ok) return { message: REFUSED[result.reason] };
  await addMessage("success", `Passkey "${parsed.data.name}" added. You can sign in with it now.`);
  return { to: PAGE };
}

export const renamePasskeyAction = validatedUserAction(PAGE, z.object({ id: idField, name: nameField }), async ({ id, name }) => {
  const result = await renameMyPasskey(id, name);
  if (!result.ok) return result.reason === "not_found" ? { message: "That passkey no longer exists." } : refusal(result, PAGE);
  revalidatePath(PAGE);
  return { notice: `Renamed to "${result.name}".` };
});

export const removePasskeyAction = validatedUserAction(PAGE, z.object({ id: idField }), async ({ id }) => {
  const result = await removeMyPasskey(id);
  if (!result.ok) return result.reason === "not_found" ? { message: "That passkey no longer exists." } : refusal(result, PAGE);
  await addMessage("info", `Passkey "${result.name}" removed. It no longer signs you in, and your other sessions were logged out.`);
  redirect(PAGE);
});
