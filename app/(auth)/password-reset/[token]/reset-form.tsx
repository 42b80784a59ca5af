"use client";
import Link from "next/link";
import { useActionState } from "react";
import { ActionForm } from "@/app/ui/action-form";
import { Field } from "@/app/ui/field";
import { emptyFormState } from "@/app/ui/form-state";
import { NewPasswordField } from "@/app/ui/new-password-field";
import { SubmitButton } from "@/app/ui/submit-button";
import { resetPasswordAction } from "./actions";

export function ResetForm({ token, username, minPasswordLength }: { token: string; username: string; minPasswordLength: number }) {
  const [state, formAction] = useActionState(resetPasswordAction, emptyFormState);
  return (
    <ActionForm action={formAction} state={state}>
      {state.errors?.token ? <Link href="/password-reset">Ask for a new link</Link> : null}
      <input type="hidden" name="token" value={token} />
      {/* Lets password managers file the new password under the right account. */}
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <NewPasswordField name="password" minLength={minPasswordLength} errors={state.errors?.password} username={username} autoFocus />
      <Field label="New password again" name="confirmPassword" type="password" autoComplete="new-password" errors={state.errors?.confirmPassword} />
      <SubmitButton className="submit" pendingLabel="Saving…">
        Set new password
      </SubmitButton>
    </ActionForm>
  );
}
