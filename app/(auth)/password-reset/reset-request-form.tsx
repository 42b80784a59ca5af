"use client";
import { useActionState } from "react";
import { ActionForm } from "@/app/ui/action-form";
import { Field } from "@/app/ui/field";
import { emptyFormState } from "@/app/ui/form-state";
import { SubmitButton } from "@/app/ui/submit-button";
import { requestResetAction } from "./actions";

export function ResetRequestForm() {
  const [state, formAction] = useActionState(requestResetAction, emptyFormState);
  return (
    <ActionForm action={formAction} state={state}>
      <Field label="Email" name="email" type="email" autoComplete="email" defaultValue={state.values?.email} errors={state.errors?.email} autoFocus />
      <SubmitButton className="submit" pendingLabel="Sending…">
        Send reset link
      </SubmitButton>
    </ActionForm>
  );
}
