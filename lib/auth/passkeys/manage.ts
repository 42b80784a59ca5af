import "server-only";
import type { StepUpNeeded } from "../account/outcomes";
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

export type PasskeyChange = { ok: true; name: string } | { ok: false; reason: "not_found" } | StepUpNeeded;

/** Renaming changes nothing about how the user signs in: no step-up. */
export async function renameMyPasskey(id: number, name: string): Promise<PasskeyChange> {
  const current = await getCurrentSession();
  if (!current) throw new Error("renameMyPasskey needs a logged-in user");
  const renamed = await renamePasskey(current.user.id, id, name);
  if (!renamed) return { ok: false, reason: "not_found" };
  await authEvent("passkey_renamed", { userId: current.user.id, username: current.user.username, detail: name });
  return { ok: true, name };
}

export async function removeMyPasskey(id: number): Promise<PasskeyChange> {
  const current = await getCurrentSession();
  if (!current) throw new Error("removeMyPasskey needs a logged-in user");
  const gate = stepUpOpen(current);
  if (!gate.ok) return gate;
  const removed = await deletePasskey(current.user.id, id);
  if (!removed) return { ok: false, reason: "not_found" };
  await authEvent("passkey_removed", { userId: current.user.id, username: current.user.username, detail: removed.name });
  await notifyPasskeyChange(current.user, "removed", removed.name);
  return { ok: true, name: removed.name };
}
