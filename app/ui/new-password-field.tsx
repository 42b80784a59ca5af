"use client";
import { Field, fieldId } from "@/app/ui/field";
import { PasswordStrength } from "@/app/ui/password-strength";

type NewPasswordFieldProps = {
  label?: string;
  name: string;
  minLength: number;
  errors?: string[];
  /** The username when the page knows it, or the id of the input it is typed into. */
  username?: string;
  usernameInputId?: string;
  autoFocus?: boolean;
};

/** A new password under the policy: the hint says the rules, the meter rates it as it is typed. */
export function NewPasswordField({ label = "New password", name, minLength, errors, username, usernameInputId, autoFocus }: NewPasswordFieldProps) {
  const meterId = `${fieldId(name)}-strength`;
  return (
    <Field
      label={label}
      name={name}
      type="password"
      autoComplete="new-password"
      errors={errors}
      hint={`At least ${minLength} characters; not a common password or your username.`}
      describedBy={meterId}
      autoFocus={autoFocus}
    >
      <PasswordStrength id={meterId} inputId={fieldId(name)} username={username} usernameInputId={usernameInputId} minLength={minLength} />
    </Field>
  );
}
