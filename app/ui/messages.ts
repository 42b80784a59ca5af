import "server-only";
import { redirect } from "next/navigation";
import { addMessage, confirmPath, loginPath, WRONG_CURRENT_PASSWORD, WRONG_PASSWORD } from "@/lib/auth";
import type { FormState } from "./form-state";
import { throttled } from "./throttled";

// What the forms say when lib/auth refuses, written once: lib/auth answers with a `reason`,
// and this turns each into the words of the field (or the form) it concerns.

export { UNAVAILABLE_MESSAGE } from "./form-state";

export const STEP_UP_MESSAGE = "Please confirm it is you before this change.";

const FIELD_ERRORS = {
  wrong_password: { password: WRONG_PASSWORD },
  wrong_current_password: { currentPassword: WRONG_CURRENT_PASSWORD },
  wrong_code: { code: "That code is not valid. Check the time on your device and try the next one." },
} as const;

const FORM_MESSAGES = {
  no_setup: "The setup expired. Start again.",
  already_on: "Two-factor authentication is already on.",
  invalid_code: "That code is not valid. Try the next one from your app, or a recovery code.",
  mail_disabled: "Password reset by email is turned off on this server.",
  factor_needed: "With two-factor authentication on, confirm with a code from your app, a recovery code or a passkey.",
} as const;

export type Refusal =
  | { reason: "throttled"; retryAfter: number }
  | { reason: "session_ended" }
  | { reason: "step_up" }
  | { reason: "weak_password"; problems: string[] }
  | { reason: keyof typeof FIELD_ERRORS | keyof typeof FORM_MESSAGES };

/**
 * The form's answer to a refusal. "session_ended" (the session ended while the change was being
 * made) goes to the login page, back to `page` after; "step_up" (the session's proof of identity
 * is too old) to /profile/confirm, back to `page` after.
 */
export async function refusal(refused: Refusal, page: string): Promise<FormState> {
  switch (refused.reason) {
    case "throttled":
      return throttled(refused.retryAfter);
    case "session_ended":
      await addMessage("warning", "Your session ended before the change was made. Please log in again.");
      redirect(loginPath(page));
    case "step_up":
      await addMessage("info", STEP_UP_MESSAGE);
      redirect(confirmPath(page));
    case "weak_password":
      return { errors: { newPassword: refused.problems } };
  }
  if (refused.reason in FIELD_ERRORS) {
    const [field, text] = Object.entries(FIELD_ERRORS[refused.reason as keyof typeof FIELD_ERRORS])[0]!;
    return { errors: { [field]: [text] } };
  }
  return { message: FORM_MESSAGES[refused.reason as keyof typeof FORM_MESSAGES] };
}
