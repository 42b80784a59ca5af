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
};

/** A labelled input whose hint and errors are tied to it for assistive technology. */
export function Field({ label, name, type = "text", autoComplete, defaultValue, errors, hint, required = true, autoFocus }: FieldProps) {
  const id = `field-${name}`;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type={type}
        autoComplete={autoComplete}
        defaultValue={defaultValue}
        required={required}
        autoFocus={autoFocus}
        aria-invalid={errorId ? true : undefined}
        aria-describedby={describedBy}
        autoCapitalize={type === "text" ? "none" : undefined}
        spellCheck={type === "text" ? false : undefined}
      />
      {hint ? <p id={hintId} className="hint">{hint}</p> : null}
      {errorId ? (
        <p id={errorId} className="field-error">
          {errors!.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
