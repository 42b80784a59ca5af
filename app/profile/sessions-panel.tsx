"use client";
import { useActionState } from "react";
import { ActionForm } from "@/app/ui/action-form";
import { emptyFormState } from "@/app/ui/form-state";
import { endSessionsAction } from "./actions";

export type SessionRow = { id: string; device: string; ipAddress: string | null; created: React.ReactNode; lastSeen: React.ReactNode; current: boolean };

/** "Where you're logged in": one form, a Log out button per other session (behind a step-up). */
export function SessionsPanel({ sessions }: { sessions: SessionRow[] }) {
  const [state, formAction] = useActionState(endSessionsAction, emptyFormState);
  const others = sessions.filter((s) => !s.current).length;
  return (
    <ActionForm action={formAction} state={state} aria-labelledby="sessions-heading">
      <ul className="sessions" data-testid="sessions">
        {sessions.map((s) => (
          <li key={s.id} data-testid="session" data-current={s.current || undefined}>
            <strong>{s.device}</strong>
            {s.current ? <span className="badge">This device</span> : null}
            <br />
            <span className="session-meta">
              {s.ipAddress ?? "Unknown address"} · signed in {s.created} · last seen {s.lastSeen}
            </span>
            {s.current ? null : (
              <>
                {" "}
                <button type="submit" name="id" value={s.id} className="link-button">
                  Log out this session
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      {others > 0 ? (
        <>
          <button type="submit" name="id" value="others" className="secondary">
            Log out everywhere else
          </button>
        </>
      ) : (
        <p>You are not logged in anywhere else.</p>
      )}
    </ActionForm>
  );
}
