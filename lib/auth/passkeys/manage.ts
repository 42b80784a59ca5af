import "server-only";
import { SESSION_ENDED, type SessionEnded, type StepUpNeeded } from "../account/outcomes";
import { rotateSessions } from "../account/self-service";
import { bumpAuthVersion } from "../account/users";
import { flushSession } from "../session/data";
import { stepUpOpen } from "../account/step-up";
import { authEvent } from "../audit/record";
import { getCurrentSession } from "../guards";
import { notifyPasskeyChange } from "./notice";
import { deletePasskey, passkeysOf, renamePasskey } from "./store";

// /profile/passkeys: what the user sees of their passkeys, renaming, and removal (behind the step-up).

export type PasskeySummary = { id: number; name: string; createdAt: Date; lastUsedAt: Date | null; synced: boolean; backedUp: boolean };

export async function myPasskeys(): Promise<PasskeySummary[]> {
  const current = await getCurrentSession();
  if (!current) return [];
  return (await passkeysOf(current.user.id)).map((passkey) => ({
    id: passkey.id,
    name: passkey.name,
    createdAt: passkey.createdAt,
    lastUsedAt: passkey.lastUsedAt,
    synced: passkey.deviceType === "multiDevice",
    backedUp: passkey.backedUp,
  }));
}

export type PasskeyChange = { ok: true; name: string } | { ok: false; reason: "not_found" } | StepUpNeeded | SessionEnded;

/** Renaming changes nothing about how the user signs in: no step-up. */
export async function renameMyPasskey(id: number, name: string): Promise<PasskeyChange> {
  const current = await getCurrentSession();
  if (!current) throw new Error("renameMyPasskey needs a logged-in user");
  const renamed = await renamePasskey(current.user.id, id, name);
  if (!renamed) return { ok: false, reason: "not_found" };
  await authEvent("passkey_renamed", { userId: current.user.id, username: current.user.username, detail: name });
  return { ok: true, name };
}

/**
 * Removal, behind the step-up, ends every other session: one a lost or copied passkey started
 * must not outlive it. This browser continues under a fresh key.
 */
export async function removeMyPasskey(id: number): Promise<PasskeyChange> {
  const current = await getCurrentSession();
  if (!current) throw new Error("removeMyPasskey needs a logged-in user");
  const { user, session } = current;
  const gate = stepUpOpen(current);
  if (!gate.ok) return gate;
  const removed = await deletePasskey(user.id, id);
  if (!removed) return { ok: false, reason: "not_found" };
  await authEvent("passkey_removed", { userId: user.id, username: user.username, detail: removed.name });
  await notifyPasskeyChange(user, "removed", removed.name);
  const version = await bumpAuthVersion(user.id, user.authVersion);
  if (version === null) {
    await flushSession();
    return SESSION_ENDED;
  }
  const rotated = await rotateSessions(user, session.persistent, version);
  return rotated.ok ? { ok: true, name: removed.name } : rotated;
}
