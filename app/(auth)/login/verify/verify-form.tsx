"use client";
import { useActionState } from "react";
import { ActionForm } from "@/app/ui/action-form";
import { Field } from "@/app/ui/field";
import { emptyFormState } from "@/app/ui/form-state";
import { SubmitButton } from "@/app/ui/submit-button";
import { verifyAction } from "./actions";

export function VerifyForm() {
  const [state, formAction] = useActionState(verifyAction, emptyFormState);
  return (
    <ActionForm action={formAction} state={state}>
      <Field
        label="Authentication code"
        name="code"
        autoComplete="one-time-code"
        errors={state.errors?.code}
        hint="The 6-digit code from your authenticator app, or one of your recovery codes."
        autoFocus
      />
      <SubmitButton className="submit" pendingLabel="Checking…">
        Verify
      </SubmitButton>
    </ActionForm>
  );
}
