"use server";
import { redirect } from "next/navigation";
import { attemptLogin, DEFAULT_LOGIN_REDIRECT, login, loginSchema, safeNextPath, SessionThrottledError, startSecondStep } from "@/lib/auth";
import { throttled } from "@/app/ui/throttled";
import { validatedAction } from "@/app/ui/validated-action";

const INVALID = "Invalid username or password";

export const loginAction = validatedAction(
  loginSchema.omit({ code: true }),
  async ({ username, password, remember }, formData) => {
    const next = safeNextPath(formData.get("next"));
    const attempt = await attemptLogin(username, password);
    if (!attempt.ok && attempt.reason === "second_factor") {
      try {
        await startSecondStep(attempt.user, remember, next);
      } catch (error) {
        // The second step waits in a new session, and this address has started too many lately.
        if (error instanceof SessionThrottledError) return throttled(error.retryAfter);
        throw error;
      }
      redirect("/login/verify");
    }
    if (!attempt.ok) return attempt.reason === "throttled" ? throttled(attempt.retryAfter) : { message: INVALID };
    await login(attempt.user, { remember, level: attempt.level });
    redirect(next ?? DEFAULT_LOGIN_REDIRECT);
  },
  { keep: ["username", "remember"] },
);
