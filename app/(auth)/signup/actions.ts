"use server";
import { redirect } from "next/navigation";
import { addMessage, fieldErrors, isTemporarilyUnavailable, signup, signupSchema } from "@/lib/auth";
import { textField, type FormState } from "@/app/ui/form-state";
import { throttled } from "@/app/ui/throttled";
import { UNAVAILABLE_MESSAGE } from "@/app/ui/unavailable";

export async function signupAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = { username: textField(formData, "username"), email: textField(formData, "email") };
  const parsed = signupSchema.safeParse({
    username: formData.get("username"),
    email: formData.get("email"),
    password: formData.get("password"),
  });
  if (!parsed.success) return { errors: fieldErrors(parsed.error), values };

  let result;
  try {
    result = await signup(parsed.data);
  } catch (error) {
    if (isTemporarilyUnavailable(error)) return { message: UNAVAILABLE_MESSAGE, values };
    throw error;
  }
  if (!result.ok && result.reason === "throttled") return { ...throttled(result.retryAfter), values };
  if (!result.ok) return { errors: { username: ["That username is taken."] }, values };
  await addMessage("success", "Account created, please log in.");
  redirect("/login");
}
