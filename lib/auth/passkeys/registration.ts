import "server-only";
import { randomBytes } from "node:crypto";
import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import type { StepUpNeeded } from "../account/outcomes";
import { stepUpOpen } from "../account/step-up";
import { authEvent } from "../audit/record";
import { getCurrentSession, type CurrentSession } from "../guards";
import { log } from "../../log";
import { challengeBytes, claimChallenge, sealChallenge, type ChallengeOwner } from "./challenges";
import { notifyPasskeyChange } from "./notice";
import { CEREMONY_TTL, MAX_PASSKEYS, relyingParty } from "./relying-party";
import { parseRegistrationResponse } from "./responses";
import { countPasskeys, insertPasskey, passkeysOf } from "./store";
import { webauthn } from "./webauthn";

// Adding a passkey, behind the step-up: a discoverable credential (so the login needs no
// username) with user verification (so it stands for two factors), no attestation asked.

export const ownerOf = (current: CurrentSession): ChallengeOwner => ({
  userId: current.user.id,
  authVersion: current.user.authVersion,
  sessionKey: current.key,
});

export type RegistrationStart =
  { ok: true; options: PublicKeyCredentialCreationOptionsJSON; ticket: string } | { ok: false; reason: "too_many" } | StepUpNeeded;

export async function beginPasskeyRegistration(): Promise<RegistrationStart> {
  const current = await getCurrentSession();
  if (!current) throw new Error("beginPasskeyRegistration needs a logged-in user");
  const gate = stepUpOpen(current);
  if (!gate.ok) return gate;
  const existing = await passkeysOf(current.user.id);
  if (existing.length >= MAX_PASSKEYS) return { ok: false, reason: "too_many" };
  // One random WebAuthn user id per account (never the database id): an authenticator then keeps
  // one passkey per account, replacing an older one for it.
  const handle = existing[0]?.userHandle ?? randomBytes(32).toString("base64url");
  const rp = relyingParty();
  const { generateRegistrationOptions } = await webauthn();
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: current.user.username,
    userID: new Uint8Array(Buffer.from(handle, "base64url")),
    challenge: challengeBytes(),
    timeout: CEREMONY_TTL * 1000,
    attestationType: "none",
    excludeCredentials: existing.map((passkey) => ({ id: passkey.credentialId, transports: passkey.transports })),
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
  });
  return { ok: true, options, ticket: await sealChallenge("passkey_registration", options.challenge, ownerOf(current), handle) };
}

export type RegistrationFinish = { ok: true } | { ok: false; reason: "invalid" | "expired" | "too_many" | "already_registered" } | StepUpNeeded;

/** Checks the new credential against its challenge and stores it under `name`. */
export async function finishPasskeyRegistration(responseText: unknown, ticket: string, name: string): Promise<RegistrationFinish> {
  const current = await getCurrentSession();
  if (!current) throw new Error("finishPasskeyRegistration needs a logged-in user");
  const gate = stepUpOpen(current);
  if (!gate.ok) return gate;
  const response = parseRegistrationResponse(responseText);
  if (!response) return { ok: false, reason: "invalid" };
  const claim = await claimChallenge("passkey_registration", ticket, ownerOf(current));
  if (!claim?.handle) return { ok: false, reason: "expired" };
  const rp = relyingParty();
  const { verifyRegistrationResponse } = await webauthn();
  let verified;
  try {
    verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: claim.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
    });
  } catch (error) {
    log.info({ event: "passkey_refused", ceremony: "registration", userId: current.user.id, reason: (error as Error).message });
    return { ok: false, reason: "invalid" };
  }
  if (!verified.verified) return { ok: false, reason: "invalid" };
  if ((await countPasskeys(current.user.id)) >= MAX_PASSKEYS) return { ok: false, reason: "too_many" };
  const info = verified.registrationInfo;
  const stored = await insertPasskey({
    userId: current.user.id,
    credentialId: info.credential.id,
    publicKey: info.credential.publicKey,
    counter: info.credential.counter,
    transports: (info.credential.transports ?? response.response.transports ?? []).slice(0, 10),
    deviceType: info.credentialDeviceType,
    backedUp: info.credentialBackedUp,
    userHandle: claim.handle,
    aaguid: info.aaguid,
    name,
  });
  if (!stored) return { ok: false, reason: "already_registered" };
  await authEvent("passkey_added", { userId: current.user.id, username: current.user.username, detail: name });
  await notifyPasskeyChange(current.user, "added", name);
  return { ok: true };
}
