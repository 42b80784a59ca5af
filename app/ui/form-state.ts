/** What a server action returns to its form: errors per field, one form-wide message, and
 * the values to show again. Passwords are never put back. */
export type FormState = {
  errors?: Record<string, string[] | undefined>;
  message?: string;
  /** Seconds to wait, when the message is a "too many attempts". */
  retryAfter?: number;
  values?: Record<string, string>;
};

export const emptyFormState: FormState = {};

/** A form field as text; a File or a missing field reads as "". */
export function textField(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}
