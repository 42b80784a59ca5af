"use client";
import { useActionState } from "react";
import { Field } from "@/app/ui/field";
import { emptyFormState } from "@/app/ui/form-state";
import { SubmitButton } from "@/app/ui/submit-button";
import { changePasswordAction } from "./actions";

export function PasswordForm({ minLength }: { minLength: number }) {
  const [state, formAction] = useActionState(changePasswordAction, emptyFormState);
  return (
    <form action={formAction} noValidate>
      {state.message ? <p role="alert" className="alert">{state.message}</p> : null}
      <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" errors={state.errors?.currentPassword} autoFocus />
      <Field
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        errors={state.errors?.newPassword}
        hint={`At least ${minLength} characters; not a common password or your username.`}
      />
      <SubmitButton pendingLabel="Changing…">Change password</SubmitButton>
    </form>
  );
}
