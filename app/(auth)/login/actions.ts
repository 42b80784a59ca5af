"use server";
import { redirect } from "next/navigation";
import { attemptLogin, DEFAULT_LOGIN_REDIRECT, fieldErrors, isTemporarilyUnavailable, login, loginSchema, safeNextPath, SessionThrottledError, startSecondStep } from "@/lib/auth";
import { textField, type FormState } from "@/app/ui/form-state";
import { throttled } from "@/app/ui/throttled";
import { UNAVAILABLE_MESSAGE } from "@/app/ui/unavailable";

const INVALID = "Invalid username or password";

export async function loginAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = {
    username: textField(formData, "username"),
    remember: formData.get("remember") === "on" ? "on" : "",
  };
  const parsed = loginSchema.safeParse({
    username: formData.get("username"),
    password: formData.get("password"),
    remember: formData.get("remember"),
  });
  if (!parsed.success) return { errors: fieldErrors(parsed.error), values };

  let secondStep = false;
  try {
    const attempt = await attemptLogin(parsed.data.username, parsed.data.password);
    if (!attempt.ok && attempt.reason === "second_factor") {
      await startSecondStep(attempt.user, parsed.data.remember, safeNextPath(formData.get("next")));
      secondStep = true;
    } else if (!attempt.ok) {
      return attempt.reason === "throttled" ? { ...throttled(attempt.retryAfter), values } : { message: INVALID, values };
    } else {
      await login(attempt.user, { remember: parsed.data.remember });
    }
  } catch (error) {
    if (isTemporarilyUnavailable(error)) return { message: UNAVAILABLE_MESSAGE, values };
    // The second step waits in a new session, and this address has started too many lately.
    if (error instanceof SessionThrottledError) return { ...throttled(error.retryAfter), values };
    throw error;
  }
  // Outside the try: redirect() works by throwing.
  if (secondStep) redirect("/login/verify");
  redirect(safeNextPath(formData.get("next")) ?? DEFAULT_LOGIN_REDIRECT);
}
