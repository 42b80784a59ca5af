"use client";
import { useActionState } from "react";
import { ActionForm } from "@/app/ui/action-form";
import { Field } from "@/app/ui/field";
import { emptyFormState } from "@/app/ui/form-state";
import { SubmitButton } from "@/app/ui/submit-button";
import { confirmCodeAction, confirmPasswordAction } from "./actions";

export function ConfirmPasswordForm({ next, username }: { next: string; username: string }) {
  const [state, formAction] = useActionState(confirmPasswordAction, emptyFormState);
  return (
    <ActionForm action={formAction} state={state}>
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <input type="hidden" name="next" value={next} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" errors={state.errors?.password} autoFocus />
      <SubmitButton pendingLabel="Checking…">Confirm with password</SubmitButton>
    </ActionForm>
  );
}

export function ConfirmCodeForm({ next }: { next: string }) {
  const [state, formAction] = useActionState(confirmCodeAction, emptyFormState);
  return (
    <ActionForm action={formAction} state={state}>
      <input type="hidden" name="next" value={next} />
      <Field
        label="Authentication code"
        name="code"
        autoComplete="one-time-code"
        errors={state.errors?.code}
        hint="The 6-digit code from your authenticator app, or one of your recovery codes."
      />
      <SubmitButton pendingLabel="Checking…">Confirm with code</SubmitButton>
    </ActionForm>
  );
}
