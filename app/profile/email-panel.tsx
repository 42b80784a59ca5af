"use client";
import { useActionState } from "react";
import { ActionForm } from "@/app/ui/action-form";
import { emptyFormState } from "@/app/ui/form-state";
import { SubmitButton } from "@/app/ui/submit-button";
import { cancelEmailChangeAction, resendVerificationAction } from "./email/actions";

/** "Send again" for an address not yet confirmed. */
export function ResendVerificationForm({ label = "Send the confirmation link again" }: { label?: string }) {
  const [state, formAction] = useActionState(resendVerificationAction, emptyFormState);
  return (
    <ActionForm action={formAction} state={state}>
      <SubmitButton className="secondary" pendingLabel="Sending…">
        {label}
      </SubmitButton>
    </ActionForm>
  );
}

/** Cancels a change of address that waits for its link. */
export function CancelEmailChangeForm() {
  const [state, formAction] = useActionState(cancelEmailChangeAction, emptyFormState);
  return (
    <ActionForm action={formAction} state={state}>
      <SubmitButton className="secondary" pendingLabel="Cancelling…">
        Cancel the change
      </SubmitButton>
    </ActionForm>
  );
}
