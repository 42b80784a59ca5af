/**
 * What every server action returns to its form: errors per field, one form-wide message (an
 * alert), a notice (success without leaving the page), and the values to show again. Passwords
 * are never put back.
 */
export type FormState = {
  errors?: Record<string, string[] | undefined>;
  message?: string;
  notice?: string;
  /** Seconds to wait, when the message is a "too many attempts". */
  retryAfter?: number;
  values?: Record<string, string>;
};

export const emptyFormState: FormState = {};

/** The words for an outage (or a busy password hasher), on a form and on the error page alike. */
export const UNAVAILABLE_MESSAGE = "The service is temporarily unavailable. Please try again in a moment.";

/** A form field as text; a File or a missing field reads as "". */
export function textField(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}
