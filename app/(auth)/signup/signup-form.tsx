"use client";
import { useActionState } from "react";
import { ActionForm } from "@/app/ui/action-form";
import { Field, fieldId } from "@/app/ui/field";
import { emptyFormState } from "@/app/ui/form-state";
import { NewPasswordField } from "@/app/ui/new-password-field";
import { SubmitButton } from "@/app/ui/submit-button";
import { signupAction } from "./actions";

export function SignupForm({ minPasswordLength }: { minPasswordLength: number }) {
  const [state, formAction] = useActionState(signupAction, emptyFormState);
  return (
    <ActionForm action={formAction} state={state}>
      <Field
        label="Username"
        name="username"
        autoComplete="username"
        defaultValue={state.values?.username}
        errors={state.errors?.username}
        hint="Letters, digits and @ . + - _ only."
        autoFocus
      />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        defaultValue={state.values?.email}
        errors={state.errors?.email}
        hint="Optional."
        required={false}
      />
      <NewPasswordField label="Password" name="password" minLength={minPasswordLength} errors={state.errors?.password} usernameInputId={fieldId("username")} />
      <SubmitButton className="submit" pendingLabel="Signing up…">
        Sign up
      </SubmitButton>
    </ActionForm>
  );
}
