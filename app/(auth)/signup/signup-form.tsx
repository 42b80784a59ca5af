"use client";
import { useActionState } from "react";
import { ActionForm } from "@/app/ui/action-form";
import { Field, fieldId } from "@/app/ui/field";
import { emptyFormState } from "@/app/ui/form-state";
import { PasswordStrength } from "@/app/ui/password-strength";
import { SubmitButton } from "@/app/ui/submit-button";
import { signupAction } from "./actions";

const STRENGTH_ID = "password-strength";

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
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        errors={state.errors?.password}
        hint={`At least ${minPasswordLength} characters; not a common password or your username.`}
        describedBy={STRENGTH_ID}
      >
        <PasswordStrength id={STRENGTH_ID} inputId={fieldId("password")} usernameInputId={fieldId("username")} minLength={minPasswordLength} />
      </Field>
      <SubmitButton className="submit" pendingLabel="Signing up…">
        Sign up
      </SubmitButton>
    </ActionForm>
  );
}
