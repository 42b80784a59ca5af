"use client";
import { useActionState } from "react";
import { ActionForm } from "@/app/ui/action-form";
import { Field } from "@/app/ui/field";
import { emptyFormState } from "@/app/ui/form-state";
import { SubmitButton } from "@/app/ui/submit-button";
import { deleteAccountAction } from "./actions";

export function DeleteForm() {
  const [state, formAction] = useActionState(deleteAccountAction, emptyFormState);
  return (
    <ActionForm action={formAction} state={state}>
      <Field label="Your username" name="confirm" autoComplete="off" errors={state.errors?.confirm} autoFocus />
      <SubmitButton className="danger" pendingLabel="Deleting…">
        Delete my account
      </SubmitButton>
    </ActionForm>
  );
}
