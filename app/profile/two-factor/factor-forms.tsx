"use client";
import { useActionState } from "react";
import { ActionForm } from "@/app/ui/action-form";
import { Field } from "@/app/ui/field";
import { SubmitButton } from "@/app/ui/submit-button";
import { confirmAction, turnOffAction, type FactorFormState } from "./actions";

const empty: FactorFormState = {};

function PasswordAndCode({ state }: { state: FactorFormState }) {
  return (
    <>
      <Field label="Password" name="password" type="password" autoComplete="current-password" errors={state.errors?.password} />
      <Field label="Authentication code" name="code" autoComplete="one-time-code" errors={state.errors?.code} />
    </>
  );
}

export function ConfirmForm() {
  const [state, formAction] = useActionState(confirmAction, empty);
  return (
    <ActionForm action={formAction} state={state}>
      <PasswordAndCode state={state} />
      <SubmitButton pendingLabel="Turning on…">Turn on</SubmitButton>
    </ActionForm>
  );
}

export function TurnOffForm() {
  const [state, formAction] = useActionState(turnOffAction, empty);
  return (
    <ActionForm action={formAction} state={state}>
      <PasswordAndCode state={state} />
      <SubmitButton pendingLabel="Turning off…">Turn off</SubmitButton>
    </ActionForm>
  );
}
