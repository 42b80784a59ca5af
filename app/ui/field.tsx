"use client";
import { useState, useSyncExternalStore } from "react";

type FieldProps = {
  label: string;
  name: string;
  type?: "text" | "password" | "email";
  autoComplete: string;
  defaultValue?: string;
  errors?: string[];
  hint?: string;
  required?: boolean;
  autoFocus?: boolean;
  inputMode?: "numeric" | "text";
  /** Ids of more elements that describe the input (e.g. a strength meter). */
  describedBy?: string;
  /** Rendered under the input, e.g. a strength meter. */
  children?: React.ReactNode;
};

/** The id of a field's input, for components that work with it (labels, meters). */
export const fieldId = (name: string) => `field-${name}`;

/**
 * A labelled input whose hint and errors are tied to it for assistive technology
 * (aria-describedby, aria-invalid). The error line sits in a live region that is always rendered,
 * so a new error is announced. Password inputs get a show-password toggle once JavaScript runs;
 * without it they stay plain password inputs.
 */
const noSubscription = () => () => {};

export function Field({
  label,
  name,
  type = "text",
  autoComplete,
  defaultValue,
  errors,
  hint,
  required = true,
  autoFocus,
  inputMode,
  describedBy,
  children,
}: FieldProps) {
  const id = fieldId(name);
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = `${id}-error`;
  const hasErrors = Boolean(errors?.length);
  const described = [hintId, hasErrors ? errorId : undefined, describedBy].filter(Boolean).join(" ") || undefined;
  // False in the server's HTML and during hydration, true once React runs in the browser.
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const [revealed, setRevealed] = useState(false);
  const input = (
    <input
      id={id}
      name={name}
      type={type === "password" && revealed ? "text" : type}
      autoComplete={autoComplete}
      defaultValue={defaultValue}
      required={required}
      autoFocus={autoFocus}
      inputMode={inputMode}
      aria-invalid={hasErrors ? true : undefined}
      aria-describedby={described}
      autoCapitalize={type !== "email" ? "none" : undefined}
      autoCorrect={type === "password" ? "off" : undefined}
      spellCheck={type === "text" || type === "password" ? false : undefined}
    />
  );
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {type === "password" ? (
        // The wrapper is rendered on the server too, so the input is not remounted (and what was
        // typed before hydration is kept) when the button appears.
        <div className="input-row">
          {input}
          {hydrated ? (
            <button type="button" className="reveal" aria-pressed={revealed} aria-controls={id} onClick={() => setRevealed((shown) => !shown)}>
              {/* Named by its text, not aria-label, so getByLabel("Password") finds only the input. */}
              Show<span className="visually-hidden"> password</span>
            </button>
          ) : null}
        </div>
      ) : (
        input
      )}
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <p id={errorId} className="field-error" aria-live="polite">
        {hasErrors ? errors!.join(" ") : null}
      </p>
      {children}
    </div>
  );
}
