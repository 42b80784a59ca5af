"use client";
import { useEffect, useRef } from "react";
import type { FormState } from "./form-state";

type ActionFormProps = {
  action: (formData: FormData) => void;
  state: FormState;
  children: React.ReactNode;
  "aria-labelledby"?: string;
};

/**
 * A form for a server action (useActionState): the form-wide message in an alert (role="alert"
 * is an assertive live region), and, after a failed submit, focus on the first field in error, or
 * on the message when no field is to blame. Without JavaScript it is a plain POST form.
 */
export function ActionForm({ action, state, children, ...rest }: ActionFormProps) {
  const form = useRef<HTMLFormElement>(null);
  const first = useRef(true);
  useEffect(() => {
    // Not on the first render: a page load keeps its own autofocus.
    if (first.current) {
      first.current = false;
      return;
    }
    const target =
      form.current?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form.current?.querySelector<HTMLElement>(".alert");
    target?.focus();
  }, [state]);
  return (
    <form ref={form} action={action} noValidate {...rest}>
      {state.message ? (
        <p role="alert" className="alert" tabIndex={-1}>
          {state.message}
        </p>
      ) : null}
      {children}
    </form>
  );
}
