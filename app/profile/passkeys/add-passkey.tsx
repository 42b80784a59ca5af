"use client";
import { browserSupportsWebAuthn } from "@simplewebauthn/browser";
import { useState, useSyncExternalStore } from "react";
import { Field } from "@/app/ui/field";
import { createPasskey } from "@/app/ui/passkey-call";
import { registerPasskey, registrationOptions } from "./actions";

const noSubscription = () => () => {};

/** "Add a passkey": a name, then the browser's own dialog. */
export function AddPasskey({ suggestedName }: { suggestedName: string }) {
  // Null while rendering on the server: the browser is asked once it runs.
  const supported = useSyncExternalStore(noSubscription, browserSupportsWebAuthn, () => null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [nameError, setNameError] = useState<string[] | undefined>(undefined);

  async function add(form: HTMLFormElement) {
    const name = String(new FormData(form).get("name") ?? "");
    setBusy(true);
    setMessage(null);
    setNameError(undefined);
    try {
      const started = await registrationOptions();
      if ("to" in started) return window.location.assign(started.to);
      if ("message" in started) return setMessage(started.message);
      const answer = await createPasskey(started.options);
      if (!answer.ok) return setMessage(answer.message ?? "The passkey was not created.");
      const result = await registerPasskey({ response: answer.response, ticket: started.ticket, name });
      if ("to" in result) window.location.assign(result.to);
      else if (result.field === "name") setNameError([result.message]);
      else setMessage(result.message);
    } catch {
      setMessage("The passkey could not be added. Try again.");
    } finally {
      setBusy(false);
    }
  }

  if (supported === false) return <p>This browser cannot create passkeys. Try another browser or device.</p>;
  return (
    <form
      className="add-passkey"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void add(event.currentTarget);
      }}
    >
      {message ? (
        <p role="alert" className="alert" tabIndex={-1}>
          {message}
        </p>
      ) : null}
      <Field label="Passkey name" name="name" autoComplete="off" defaultValue={suggestedName} errors={nameError} hint="So you can tell your passkeys apart." />
      <button type="submit" disabled={busy || !supported}>
        {busy ? "Waiting for your device…" : "Add a passkey"}
      </button>
    </form>
  );
}
