"use client";
import { useFormStatus } from "react-dom";

type SubmitButtonProps = {
  children: React.ReactNode;
  pendingLabel: string;
  /** A fuller name for assistive technology, e.g. which row's button this is; must contain the label. */
  accessibleName?: string;
};

/** Disabled with a busy label while the form's action runs. */
export function SubmitButton({ children, pendingLabel, accessibleName }: SubmitButtonProps) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" disabled={pending} aria-disabled={pending} aria-label={pending ? undefined : accessibleName}>
      {pending ? pendingLabel : children}
    </button>
  );
}
