"use client";
import { useEffect, useRef, useState } from "react";
import type { PasswordRules, PasswordVerdict } from "@/lib/auth/client";

type PasswordStrengthProps = {
  /** The id of the password input this meter rates. */
  inputId: string;
  /** The server's minimum length (PASSWORD_MIN_LENGTH), passed down from the page. */
  minLength: number;
  /** The username, when the page knows it (changing a password)… */
  username?: string;
  /** …or the id of the input it is typed into (signup). */
  usernameInputId?: string;
  /** The id of this meter, for the input's aria-describedby. */
  id: string;
};

let loading: Promise<(minLength: number) => PasswordRules> | undefined;

// The rules and the ~1 MB of word lists arrive on the first keystroke, in chunks of their own, so
// the page's first load does not carry them.
function loadRules() {
  loading ??= Promise.all([import("@/lib/auth/client"), import("@zxcvbn-ts/language-common")]).then(
    ([{ createPasswordRules }, { dictionary, adjacencyGraphs }]) =>
      (minLength: number) =>
        createPasswordRules({ minLength, dictionary, graphs: adjacencyGraphs }),
  );
  return loading;
}

const LABELS = ["Too weak", "Too weak", "Weak", "Good", "Strong"] as const;

/**
 * A strength meter that runs the server's own password rules (lib/auth/password/rules.ts) in the
 * browser, so its verdict is the verdict the form will get. Nothing renders without JavaScript.
 */
export function PasswordStrength({ inputId, minLength, username, usernameInputId, id }: PasswordStrengthProps) {
  const [verdict, setVerdict] = useState<PasswordVerdict | null>(null);
  const rules = useRef<PasswordRules | null>(null);

  useEffect(() => {
    const input = document.getElementById(inputId) as HTMLInputElement | null;
    const nameInput = usernameInputId ? (document.getElementById(usernameInputId) as HTMLInputElement | null) : null;
    if (!input) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const rate = () => {
      if (!input.value) return setVerdict(null);
      if (!rules.current) return;
      setVerdict(rules.current.evaluate(input.value, nameInput?.value ?? username ?? ""));
    };
    const onInput = () => {
      if (!rules.current) {
        void loadRules().then((make) => {
          if (cancelled) return;
          rules.current = make(minLength);
          rate();
        });
        return;
      }
      clearTimeout(timer);
      timer = setTimeout(rate, 120);
    };
    input.addEventListener("input", onInput);
    nameInput?.addEventListener("input", onInput);
    if (input.value) onInput();
    return () => {
      cancelled = true;
      clearTimeout(timer);
      input.removeEventListener("input", onInput);
      nameInput?.removeEventListener("input", onInput);
    };
  }, [inputId, usernameInputId, username, minLength]);

  const acceptable = verdict ? verdict.problems.length === 0 : undefined;
  return (
    <div
      id={id}
      className="strength"
      data-testid="password-strength"
      data-score={verdict?.score}
      data-acceptable={acceptable === undefined ? undefined : String(acceptable)}
      aria-live="polite"
    >
      {verdict ? (
        <>
          <div className="strength-bar" aria-hidden="true">
            <span />
            <span />
            <span />
            <span />
          </div>
          <p className="strength-verdict">{acceptable ? `${LABELS[verdict.score]}: this password will be accepted.` : "This password will not be accepted."}</p>
          {verdict.problems.length > 0 ? (
            <ul>
              {verdict.problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
