"use client";
import { useEffect, useRef } from "react";
import type { FormState } from "./form-state";
import { RetryCountdown } from "./retry-countdown";

type ActionFormProps = {
  action: (formData: FormData) => void;
  state: FormState;
  children: React.ReactNode;
  "aria-labelledby"?: string;
};

/**
 * A form for a server action (useActionState): the form-wide message in an alert (role="alert"
 * is an assertive live region), a notice of success in a status line, and, after a failed submit, focus on the first field in error, or
 * on the message when no field is to blame. Without JavaScript it is a plain POST form.
 */
export function ActionForm({ action, state, children, ...rest }: ActionFormProps) {
  const form = useRef<HTMLFormElement>(null);
  const initial = useRef(state);
  useEffect(() => {
    // Only after an answer: a page load keeps its own autofocus.
    if (state === initial.current) return;
    const target = form.current?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form.current?.querySelector<HTMLElement>(".alert");
    target?.focus();
  }, [state]);
  return (
    <form ref={form} action={action} noValidate {...rest}>
      {state.message ? (
        <p role="alert" className="alert" tabIndex={-1}>
          {state.message}
        </p>
      ) : null}
      {state.notice ? (
        <p role="status" className="notice">
          {state.notice}
        </p>
      ) : null}
      {state.message && state.retryAfter ? (
        // Keyed by the answer: a new one restarts the countdown, even with the same wait.
        <RetryCountdown key={answerKey(state)} seconds={state.retryAfter} />
      ) : null}
      {children}
    </form>
  );
}

const keys = new WeakMap<object, number>();
let nextKey = 0;
function answerKey(answer: object): number {
  if (!keys.has(answer)) keys.set(answer, nextKey++);
  return keys.get(answer)!;
}
