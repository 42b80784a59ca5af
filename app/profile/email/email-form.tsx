"use client";
import { useActionState } from "react";
import { ActionForm } from "@/app/ui/action-form";
import { Field } from "@/app/ui/field";
import { emptyFormState } from "@/app/ui/form-state";
import { SubmitButton } from "@/app/ui/submit-button";
import { changeEmailAction } from "./actions";

export function EmailForm({ email }: { email: string | null }) {
  const [state, formAction] = useActionState(changeEmailAction, emptyFormState);
  return (
    <ActionForm action={formAction} state={state}>
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        defaultValue={state.values?.email ?? email ?? ""}
        errors={state.errors?.email}
        hint="Leave it empty to remove your address."
        required={false}
        autoFocus
      />
      <SubmitButton pendingLabel="Saving…">Save email</SubmitButton>
    </ActionForm>
  );
}
