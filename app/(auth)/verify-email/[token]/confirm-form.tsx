"use client";
import { useActionState } from "react";
import { ActionForm } from "@/app/ui/action-form";
import { emptyFormState } from "@/app/ui/form-state";
import { SubmitButton } from "@/app/ui/submit-button";
import { confirmAddressAction } from "./actions";

export function ConfirmAddressForm({ token, email }: { token: string; email: string }) {
  const [state, formAction] = useActionState(confirmAddressAction, emptyFormState);
  return (
    <ActionForm action={formAction} state={state}>
      {state.notice ? null : (
        <>
          <p className="lead">
            Use <strong>{email}</strong> as the email address of your account?
          </p>
          <input type="hidden" name="token" value={token} />
          <SubmitButton className="submit" pendingLabel="Confirming…">
            Confirm this address
          </SubmitButton>
        </>
      )}
    </ActionForm>
  );
}
