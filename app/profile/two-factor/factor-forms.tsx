"use client";
import { useActionState } from "react";
import { ActionForm } from "@/app/ui/action-form";
import { Field } from "@/app/ui/field";
import { SubmitButton } from "@/app/ui/submit-button";
import { emptyFormState, type FormState } from "@/app/ui/form-state";
import { confirmAction, turnOffAction } from "./actions";

function CodeField({ state }: { state: FormState }) {
  return <Field label="Authentication code" name="code" autoComplete="one-time-code" errors={state.errors?.code} />;
}

export function ConfirmForm() {
  const [state, formAction] = useActionState(confirmAction, emptyFormState);
  return (
    <ActionForm action={formAction} state={state}>
      <CodeField state={state} />
      <SubmitButton pendingLabel="Turning on…">Turn on</SubmitButton>
    </ActionForm>
  );
}

export function TurnOffForm() {
  const [state, formAction] = useActionState(turnOffAction, emptyFormState);
  return (
    <ActionForm action={formAction} state={state}>
      <CodeField state={state} />
      <SubmitButton pendingLabel="Turning off…">Turn off</SubmitButton>
    </ActionForm>
  );
}
