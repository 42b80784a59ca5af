"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { addMessage, cancelEmailChange, changeMyEmail, optionalEmail, resendVerification, type EmailChange, type MessageLevel } from "@/lib/auth";
import { refusal } from "@/app/ui/messages";
import { validatedUserAction } from "@/app/ui/validated-action";

// The same words whether or not another account has the address (a taken one is never applied).
function changeMessage(change: EmailChange & { ok: true }): [MessageLevel, string] {
  switch (change.outcome) {
    case "pending":
      return ["success", `We mailed a link to ${change.email}. Your address changes when you open it (within 24 hours).`];
    case "removed":
      return ["success", "Your email address was removed."];
    case "unchanged":
      return ["info", "That is already your email address."];
    case "saved":
      return ["success", "Your email address was saved, unless another account already uses it."];
  }
}

const schema = z.object({
  email: optionalEmail,
});

export const changeEmailAction = validatedUserAction(
  "/profile/email",
  schema,
  async ({ email }) => {
    const result = await changeMyEmail(email ?? null);
    if (!result.ok) return refusal(result, "/profile/email");
    await addMessage(...changeMessage(result));
    redirect("/profile");
  },
  { keep: ["email"] },
);

export const resendVerificationAction = validatedUserAction("/profile", z.object({}), async () => {
  const result = await resendVerification();
  if (!result.ok && result.reason === "throttled") return refusal(result, "/profile");
  if (!result.ok) return { message: "Your address is already confirmed." };
  return { notice: "A new confirmation link is on its way. Older links no longer work." };
});

export const cancelEmailChangeAction = validatedUserAction("/profile", z.object({}), async () => {
  await cancelEmailChange();
  await addMessage("info", "The email change was cancelled; its link no longer works.");
  redirect("/profile");
});
