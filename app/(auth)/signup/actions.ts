"use server";
import { redirect } from "next/navigation";
import { addMessage, signup, signupSchema } from "@/lib/auth";
import { refusal } from "@/app/ui/messages";
import { validatedAction } from "@/app/ui/validated-action";

export const signupAction = validatedAction(
  signupSchema,
  async (input) => {
    const result = await signup(input);
    if (!result.ok && result.reason === "throttled") return refusal(result, "/signup");
    if (!result.ok) return { errors: { username: ["That username is taken."] } };
    // The same words whether or not the address was new (a taken one is left out, its owner told).
    await addMessage(
      "success",
      input.email ? "Account created, please log in. A link to confirm your email address is on its way." : "Account created, please log in.",
    );
    redirect("/login");
  },
  { keep: ["username", "email"] },
);
