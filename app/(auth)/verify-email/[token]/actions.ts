"use server";
import { LINK_INVALID, verifyEmailLink, verifyEmailSchema } from "@/lib/auth";
import { refusal } from "@/app/ui/messages";
import { validatedAction } from "@/app/ui/validated-action";

export const confirmAddressAction = validatedAction(
  verifyEmailSchema,
  async ({ token }) => {
    const result = await verifyEmailLink(token);
    if (result.ok)
      return { notice: result.changed ? `Your email address is now ${result.email}, confirmed.` : `${result.email} is confirmed as your email address.` };
    if (result.reason === "email_taken") return { message: "Another account uses this address now, so it was not applied." };
    if (result.reason === "invalid_link") return { message: LINK_INVALID };
    return refusal(result, "/profile");
  },
  { invalid: LINK_INVALID },
);
