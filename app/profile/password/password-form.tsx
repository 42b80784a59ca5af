"use client";
import { useActionState } from "react";
import { ActionForm } from "@/app/ui/action-form";
import { Field, fieldId } from "@/app/ui/field";
import { emptyFormState } from "@/app/ui/form-state";
import { PasswordStrength } from "@/app/ui/password-strength";
import { SubmitButton } from "@/app/ui/submit-button";
import { changePasswordAction } from "./actions";

const STRENGTH_ID = "new-password-strength";

export function PasswordForm({ minLength, username }: { minLength: number; username: string }) {
  const [state, formAction] = useActionState(changePasswordAction, emptyFormState);
  return (
    <ActionForm action={formAction} state={state}>
      {/* Lets password managers file the new password under the right account. */}
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" errors={state.errors?.currentPassword} autoFocus />
      <Field
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        errors={state.errors?.newPassword}
        hint={`At least ${minLength} characters; not a common password or your username.`}
        describedBy={STRENGTH_ID}
      >
        <PasswordStrength id={STRENGTH_ID} inputId={fieldId("newPassword")} username={username} minLength={minLength} />
      </Field>
      <SubmitButton pendingLabel="Changing…">Change password</SubmitButton>
    </ActionForm>
  );
}
