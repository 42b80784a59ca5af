"use client";
import { useActionState } from "react";
import type { ListedUser } from "@/lib/auth";
import { DateTime } from "@/app/ui/date-time";
import { SubmitButton } from "@/app/ui/submit-button";
import { emptyFormState } from "@/app/ui/form-state";
import { userAction } from "./actions";

type Intent = "deactivate" | "reactivate" | "end_sessions";

/** The users table; each action is its own POST form, so it works without JavaScript. */
export function UserTable({ users }: { users: ListedUser[] }) {
  const [state, formAction] = useActionState(userAction, emptyFormState);

  function actionForm(user: ListedUser, intent: Intent, label: string, pendingLabel: string) {
    return (
      <form action={formAction}>
        <input type="hidden" name="userId" value={user.id} />
        <input type="hidden" name="intent" value={intent} />
        <SubmitButton pendingLabel={pendingLabel} accessibleName={`${label} ${user.username}`}>
          {label}
        </SubmitButton>
      </form>
    );
  }

  return (
    <>
      {state.notice ? (
        <p role="status" className="notice">
          {state.notice}
        </p>
      ) : null}
      {state.message ? (
        <p role="alert" className="alert">
          {state.message}
        </p>
      ) : null}
      <div className="table-scroll">
        <table className="users">
          <thead>
            <tr>
              <th scope="col">Username</th>
              <th scope="col">Email</th>
              <th scope="col">Active</th>
              <th scope="col">Staff</th>
              <th scope="col">Joined</th>
              <th scope="col">Last login</th>
              <th scope="col">Sessions</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id} data-testid={`user-row-${user.username}`}>
                <th scope="row">{user.username}</th>
                <td data-testid="user-email-status">{user.email ? (user.emailVerifiedAt ? "Confirmed" : "Not confirmed") : "None"}</td>
                <td>{user.isActive ? "Yes" : "No"}</td>
                <td>
                  {user.isStaff ? "Yes" : "No"}
                  {user.isSuperuser ? " (superuser)" : ""}
                </td>
                <td>
                  <DateTime value={user.dateJoined} />
                </td>
                <td>{user.lastLogin ? <DateTime value={user.lastLogin} /> : "Never"}</td>
                <td>{user.liveSessions}</td>
                <td className="actions">
                  {user.manageable ? (
                    <>
                      {user.isActive
                        ? actionForm(user, "deactivate", "Deactivate", "Deactivating…")
                        : actionForm(user, "reactivate", "Reactivate", "Reactivating…")}
                      {actionForm(user, "end_sessions", "End sessions", "Ending…")}
                    </>
                  ) : (
                    <span className="hint">Superusers only</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
