"use client";
import { useActionState } from "react";
import { ActionForm } from "@/app/ui/action-form";
import { Field } from "@/app/ui/field";
import { emptyFormState } from "@/app/ui/form-state";
import { SubmitButton } from "@/app/ui/submit-button";
import { loginAction } from "./actions";

export function LoginForm({ next }: { next: string | null }) {
  const [state, formAction] = useActionState(loginAction, emptyFormState);
  return (
    <ActionForm action={formAction} state={state}>
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <Field
        label="Username"
        name="username"
        autoComplete="username webauthn"
        defaultValue={state.values?.username}
        errors={state.errors?.username}
        autoFocus
      />
      <Field label="Password" name="password" type="password" autoComplete="current-password" errors={state.errors?.password} />
      <div className="checkbox">
        <input id="field-remember" type="checkbox" name="remember" defaultChecked={state.values?.remember === "on"} />
        <label htmlFor="field-remember">Remember me</label>
      </div>
      <SubmitButton className="submit" pendingLabel="Logging in…">
        Log in
      </SubmitButton>
    </ActionForm>
  );
}
