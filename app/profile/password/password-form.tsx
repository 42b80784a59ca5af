"use client";
import { useActionState } from "react";
import { ActionForm } from "@/app/ui/action-form";
import { emptyFormState } from "@/app/ui/form-state";
import { NewPasswordField } from "@/app/ui/new-password-field";
import { SubmitButton } from "@/app/ui/submit-button";
import { changePasswordAction } from "./actions";

export function PasswordForm({ minLength, username }: { minLength: number; username: string }) {
  const [state, formAction] = useActionState(changePasswordAction, emptyFormState);
  return (
    <ActionForm action={formAction} state={state}>
      {/* Lets password managers file the new password under the right account. */}
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <NewPasswordField name="newPassword" minLength={minLength} errors={state.errors?.newPassword} username={username} />
      <SubmitButton pendingLabel="Changing…">Change password</SubmitButton>
    </ActionForm>
  );
}
