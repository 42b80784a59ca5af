"use client";
import { browserSupportsWebAuthn, browserSupportsWebAuthnAutofill, WebAuthnAbortService } from "@simplewebauthn/browser";
import { useEffect, useState, useSyncExternalStore } from "react";
import { answerWithPasskey } from "@/app/ui/passkey-call";
import { passkeyLogin, passkeyLoginOptions } from "./passkey-actions";

// "Sign in with a passkey", and the passkey offered in the username field's autofill where the
// browser can (conditional mediation). Both are full logins on the server (passkey-actions.ts).

const noSubscription = () => () => {};
const remembered = () => (document.getElementById("field-remember") as HTMLInputElement | null)?.checked ?? false;

export function PasskeyLogin({ next }: { next: string | null }) {
  // Null while rendering on the server: the browser is asked once it runs.
  const supported = useSyncExternalStore(noSubscription, browserSupportsWebAuthn, () => null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [autofill, setAutofill] = useState<"off" | "waiting">("off");

  async function signIn(autofill: boolean): Promise<void> {
    const { options, ticket } = await passkeyLoginOptions();
    if (autofill) setAutofill("waiting");
    const answer = await answerWithPasskey(options, autofill);
    if (!answer.ok) {
      if (!autofill && answer.message) setMessage(answer.message);
      return;
    }
    const result = await passkeyLogin({ response: answer.response, ticket, remember: remembered(), next });
    if ("to" in result) window.location.assign(result.to);
    else setMessage(result.message);
  }

  useEffect(() => {
    let live = true;
    if (browserSupportsWebAuthn()) {
      void browserSupportsWebAuthnAutofill().then((autofill) => {
        if (autofill && live) signIn(true).catch(() => undefined);
      });
    }
    return () => {
      live = false;
      WebAuthnAbortService.cancelCeremony();
    };
    // Once per page: each ceremony fetches its own challenge.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const click = async () => {
    setBusy(true);
    setMessage(null);
    try {
      await signIn(false);
    } catch {
      setMessage("The passkey sign-in could not be completed. Try again.");
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="passkey-login" data-autofill={autofill}>
      <noscript>
        <p className="form-aside">Signing in with a passkey needs JavaScript; your password works without it.</p>
      </noscript>
      {supported === false ? <p className="form-aside">This browser cannot use passkeys; sign in with your password.</p> : null}
      {supported ? (
        <button type="button" className="secondary" onClick={click} disabled={busy}>
          {busy ? "Waiting for your passkey…" : "Sign in with a passkey"}
        </button>
      ) : null}
      {message ? (
        <p role="alert" className="alert">
          {message}
        </p>
      ) : null}
    </div>
  );
}
