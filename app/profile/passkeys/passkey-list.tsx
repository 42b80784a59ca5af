"use client";
import { useActionState } from "react";
import { ActionForm } from "@/app/ui/action-form";
import { emptyFormState } from "@/app/ui/form-state";
import { removePasskeyAction, renamePasskeyAction } from "./actions";

export type PasskeyRow = { id: number; name: string; created: React.ReactNode; lastUsed: React.ReactNode; kind: string };

function Passkey({ passkey }: { passkey: PasskeyRow }) {
  const [renamed, rename] = useActionState(renamePasskeyAction, emptyFormState);
  const [removed, remove] = useActionState(removePasskeyAction, emptyFormState);
  const inputId = `passkey-name-${passkey.id}`;
  return (
    <li data-testid="passkey">
      <strong data-testid="passkey-name">{passkey.name}</strong> <span className="badge">{passkey.kind}</span>
      <br />
      <span className="session-meta">
        added {passkey.created} · last used {passkey.lastUsed}
      </span>
      <ActionForm action={rename} state={renamed}>
        <input type="hidden" name="id" value={passkey.id} />
        <div className="inline-form">
          <label htmlFor={inputId}>New name for {passkey.name}</label>
          <input id={inputId} name="name" defaultValue={passkey.name} maxLength={64} autoComplete="off" />
          <button type="submit" className="secondary">
            Rename
          </button>
        </div>
      </ActionForm>
      <ActionForm action={remove} state={removed}>
        <input type="hidden" name="id" value={passkey.id} />
        <button type="submit" className="danger" aria-label={`Remove ${passkey.name}`}>
          Remove
        </button>
      </ActionForm>
    </li>
  );
}

export function PasskeyList({ passkeys }: { passkeys: PasskeyRow[] }) {
  if (passkeys.length === 0) return <p data-testid="no-passkeys">You have no passkeys yet.</p>;
  return (
    <ul className="sessions" data-testid="passkeys">
      {passkeys.map((passkey) => (
        <Passkey key={passkey.id} passkey={passkey} />
      ))}
    </ul>
  );
}
