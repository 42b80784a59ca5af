"use client";
import { useActionState } from "react";
import { Field } from "@/app/ui/field";
import { emptyFormState } from "@/app/ui/form-state";
import { SubmitButton } from "@/app/ui/submit-button";
import { signupAction } from "./actions";

export function SignupForm({ minPasswordLength }: { minPasswordLength: number }) {
  const [state, formAction] = useActionState(signupAction, emptyFormState);
  return (
    <form action={formAction} noValidate>
      {state.message ? <p role="alert" className="alert">{state.message}</p> : null}
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
        hint={`At least ${minPasswordLength} characters.`}
      />
      <SubmitButton pendingLabel="Signing up…">Sign up</SubmitButton>
    </form>
  );
}
