"use client";
import { useFormStatus } from "react-dom";

type SubmitButtonProps = {
  children: React.ReactNode;
  pendingLabel: string;
  /** A fuller name for assistive technology, e.g. which row's button this is; must contain the label. */
  accessibleName?: string;
  className?: string;
};

/** Disabled with a busy label and a spinner while the form's action runs. */
export function SubmitButton({ children, pendingLabel, accessibleName, className }: SubmitButtonProps) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className={className} disabled={pending} aria-disabled={pending} aria-label={pending ? undefined : accessibleName}>
      {pending ? <span className="spinner" aria-hidden="true" /> : null}
      {pending ? pendingLabel : children}
    </button>
  );
}
