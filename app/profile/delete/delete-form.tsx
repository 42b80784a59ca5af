"use client";
import { useActionState } from "react";
import { Field } from "@/app/ui/field";
import { emptyFormState } from "@/app/ui/form-state";
import { SubmitButton } from "@/app/ui/submit-button";
import { deleteAccountAction } from "./actions";

export function DeleteForm() {
  const [state, formAction] = useActionState(deleteAccountAction, emptyFormState);
  return (
    <form action={formAction} noValidate>
      {state.message ? <p role="alert" className="alert">{state.message}</p> : null}
      <Field label="Password" name="password" type="password" autoComplete="current-password" errors={state.errors?.password} autoFocus />
      <SubmitButton pendingLabel="Deleting…">Delete my account</SubmitButton>
    </form>
  );
}
