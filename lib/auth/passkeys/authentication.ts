import "server-only";
import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { login } from "../account/login";
import type { StepUpNeeded, Throttled } from "../account/outcomes";
import { recordStepUp } from "../account/step-up";
import { findUserById } from "../account/users";
import { authEvent } from "../audit/record";
import { getCurrentSession } from "../guards";
import { log } from "../../log";
import { requestInfo } from "../request";
import { acceptAccountGuess, admitAccountGuess, admitClientAttempt, refundClientAttempt } from "../throttle/limits";
import { challengeBytes, claimChallenge, sealChallenge, type Ceremony } from "./challenges";
import { ownerOf } from "./registration";
import { CEREMONY_TTL, relyingParty } from "./relying-party";
import { parseAuthenticationResponse } from "./responses";
import { passkeyByCredentialId, passkeysOf, recordPasskeyUse, type StoredPasskey } from "./store";
import { webauthn } from "./webauthn";

// Signing in with a passkey (no username typed: the credential names its account), and the
// step-up by passkey. A passkey with user verification stands for two factors: no TOTP is asked.

export type CeremonyStart = { options: PublicKeyCredentialRequestOptionsJSON; ticket: string };

async function requestOptions(ceremony: Ceremony, allow: StoredPasskey[], owner: Parameters<typeof sealChallenge>[2]): Promise<CeremonyStart> {
  const { generateAuthenticationOptions } = await webauthn();
  const options = await generateAuthenticationOptions({
    rpID: relyingParty().id,
    challenge: challengeBytes(),
    timeout: CEREMONY_TTL * 1000,
    userVerification: "required",
    allowCredentials: allow.map((passkey) => ({ id: passkey.credentialId, transports: passkey.transports })),
  });
  return { options, ticket: await sealChallenge(ceremony, options.challenge, owner) };
}

/** The login's challenge: nothing is stored until it is answered (a login page view writes nothing). */
export async function beginPasskeyLogin(): Promise<CeremonyStart> {
  return requestOptions("passkey_login", [], null);
}

type Checked = { ok: true } | { ok: false; reason: "invalid" };

/** The signature, origin, RP id, user verification and counter of an assertion, and the use recorded. */
async function checkAssertion(response: AuthenticationResponseJSON, challenge: string, passkey: StoredPasskey, ceremony: Ceremony): Promise<Checked> {
  // A discoverable credential returns the user id it was made for: it must be the one stored.
  if (response.response.userHandle !== undefined && response.response.userHandle !== passkey.userHandle) return { ok: false, reason: "invalid" };
  const rp = relyingParty();
  const { verifyAuthenticationResponse } = await webauthn();
  let verified;
  try {
    verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      // Counter 0 here: the library would compare counters before the signature, so anyone with
      // a credential id could raise the alarm below. It is compared once the signature holds.
      credential: { id: passkey.credentialId, publicKey: passkey.publicKey, counter: 0, transports: passkey.transports },
      requireUserVerification: true,
    });
  } catch (error) {
    log.info({ event: "passkey_refused", ceremony, userId: passkey.userId, reason: (error as Error).message });
    return { ok: false, reason: "invalid" };
  }
  if (!verified.verified) return { ok: false, reason: "invalid" };
  const info = verified.authenticationInfo;
  if ((info.newCounter > 0 || passkey.counter > 0) && info.newCounter <= passkey.counter) {
    // A signed counter that did not go up: two copies of one key exist (W3C WebAuthn §6.1.1).
    const detail = `${passkey.name}: counter ${info.newCounter}, expected more than ${passkey.counter}`;
    await authEvent("passkey_clone_suspected", { userId: passkey.userId, detail });
    log.warn({ event: "passkey_clone_suspected", ceremony, userId: passkey.userId, detail });
    return { ok: false, reason: "invalid" };
  }
  const recorded = await recordPasskeyUse(passkey, info.newCounter, info.credentialBackedUp, info.credentialDeviceType);
  return recorded ? { ok: true } : { ok: false, reason: "invalid" };
}

export type PasskeyLogin = { ok: true } | { ok: false; reason: "invalid" | "expired" } | Throttled;

/**
 * A full login by passkey: throttled per client and per account like a password, the challenge
 * claimed once, the session key cycled, an audit event. Unknown credentials read as "invalid".
 */
export async function finishPasskeyLogin(responseText: unknown, ticket: string, remember: boolean): Promise<PasskeyLogin> {
  const { ipAddress } = await requestInfo();
  const client = await admitClientAttempt(ipAddress);
  if (!client.ok) return { ok: false, reason: "throttled", retryAfter: client.retryAfter };
  const response = parseAuthenticationResponse(responseText);
  if (!response) return { ok: false, reason: "invalid" };
  const claim = await claimChallenge("passkey_login", ticket, null);
  if (!claim) return { ok: false, reason: "expired" };
  const passkey = await passkeyByCredentialId(response.id);
  const user = passkey ? await findUserById(passkey.userId) : null;
  if (!passkey || !user?.isActive) {
    await authEvent("login_failed", { userId: user?.id ?? null, username: user?.username, detail: "passkey unknown or account inactive" });
    return { ok: false, reason: "invalid" };
  }
  const account = await admitAccountGuess(user.username);
  if (!account.ok) {
    await authEvent("login_throttled", { userId: user.id, username: user.username, detail: "passkey" });
    return { ok: false, reason: "throttled", retryAfter: account.retryAfter };
  }
  const checked = await checkAssertion(response, claim.challenge, passkey, "passkey_login");
  if (!checked.ok) {
    await authEvent("login_failed", { userId: user.id, username: user.username, detail: "passkey" });
    return checked;
  }
  await acceptAccountGuess(user.username);
  await refundClientAttempt(ipAddress);
  await login(user, { remember, level: "passkey" });
  return { ok: true };
}

/** The step-up's challenge, for this user's passkeys on this session. */
export async function beginPasskeyStepUp(): Promise<CeremonyStart | null> {
  const current = await getCurrentSession();
  if (!current) return null;
  const passkeys = await passkeysOf(current.user.id);
  return passkeys.length ? requestOptions("passkey_step_up", passkeys, ownerOf(current)) : null;
}

export type PasskeyStepUp = { ok: true } | { ok: false; reason: "invalid" | "expired" } | Throttled | StepUpNeeded;

export async function finishPasskeyStepUp(responseText: unknown, ticket: string): Promise<PasskeyStepUp> {
  const current = await getCurrentSession();
  if (!current) return { ok: false, reason: "expired" };
  const response = parseAuthenticationResponse(responseText);
  if (!response) return { ok: false, reason: "invalid" };
  const claim = await claimChallenge("passkey_step_up", ticket, ownerOf(current));
  if (!claim) return { ok: false, reason: "expired" };
  const passkey = await passkeyByCredentialId(response.id);
  if (passkey?.userId !== current.user.id) return { ok: false, reason: "invalid" };
  const admission = await admitAccountGuess(current.user.username);
  if (!admission.ok) return { ok: false, reason: "throttled", retryAfter: admission.retryAfter };
  const checked = await checkAssertion(response, claim.challenge, passkey, "passkey_step_up");
  if (!checked.ok) {
    await authEvent("reauthentication_failed", { userId: current.user.id, username: current.user.username, detail: "passkey" });
    return checked;
  }
  await acceptAccountGuess(current.user.username);
  await recordStepUp(current, "passkey");
  return { ok: true };
}
