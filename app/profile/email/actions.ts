"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { addMessage, changeMyEmail, currentPasswordField, optionalEmail } from "@/lib/auth";
import { refusal } from "@/app/ui/messages";
import { validatedUserAction } from "@/app/ui/validated-action";

const schema = z.object({
  email: optionalEmail,
  password: currentPasswordField,
});

export const changeEmailAction = validatedUserAction(
  "/profile/email",
  schema,
  async ({ email, password }) => {
    const result = await changeMyEmail(password, email ?? null);
    if (!result.ok) return refusal(result, "/profile/email");
    // The same words whether or not another account has the address (it is then not applied).
    await addMessage("success", "Your email address was saved, unless another account already uses it.");
    redirect("/profile");
  },
  { keep: ["email"] },
);
