"use client";
import { useState } from "react";
import { answerWithPasskey } from "@/app/ui/passkey-call";
import { confirmWithPasskey, passkeyStepUpOptions } from "./actions";

export function PasskeyConfirm({ next }: { next: string }) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const click = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const started = await passkeyStepUpOptions();
      if (!started) return setMessage("You have no passkey on this account.");
      const answer = await answerWithPasskey(started.options);
      if (!answer.ok) return setMessage(answer.message ?? "The passkey request was cancelled.");
      const result = await confirmWithPasskey({ response: answer.response, ticket: started.ticket, next });
      if ("to" in result) window.location.assign(result.to);
      else setMessage(result.message);
    } catch {
      setMessage("The passkey could not be checked. Try again.");
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="passkey-login">
      <noscript>
        <p>Confirming with a passkey needs JavaScript; your password works without it.</p>
      </noscript>
      <button type="button" className="secondary" onClick={click} disabled={busy}>
        {busy ? "Waiting for your passkey…" : "Confirm with a passkey"}
      </button>
      {message ? (
        <p role="alert" className="alert">
          {message}
        </p>
      ) : null}
    </div>
  );
}
