import "server-only";
import { z } from "zod";
import { getCurrentSession } from "../guards";
import { SESSION_ENDED, type SessionEnded, type StepUpNeeded, type Throttled } from "../account/outcomes";
import { acceptAccountGuess, admitAccountGuess } from "../throttle/limits";
import { rotateSessions } from "../account/self-service";
import { stepUpOpen } from "../account/step-up";
import { bumpAuthVersion, type PublicUser } from "../account/users";
import { authEvent } from "../audit/record";
import { clearShortCookie, readShortCookie, setShortCookie } from "../cookies";
import { sealFor, unsealFor } from "../secrets/seal";
import { flushSession } from "../session/data";
import {
  disableSecondFactor,
  enableSecondFactor,
  hasSecondFactor,
  newTotpSecret,
  totpEnrollment,
  totpStep,
  unusedRecoveryCodes,
  verifySecondFactor,
  type TotpEnrollment,
} from "./totp";

// Turning the second factor on and off from the settings page. The enrolment's secret and the
// new recovery codes travel in short-lived sealed cookies, each sealed for its own purpose.

const SETUP_TTL = 10 * 60;
const CODES_TTL = 2 * 60;

export type TwoFactorStatus =
  { enabled: true; recoveryCodesLeft: number; newRecoveryCodes: string[] | null } | { enabled: false; setup: TotpEnrollment | null };

const setupSchema = z.object({ s: z.string(), u: z.number() });
const codesSchema = z.object({ c: z.array(z.string()), u: z.number() });

async function readSetup(userId: number): Promise<string | null> {
  const parsed = setupSchema.safeParse(await unsealFor("totp_setup", await readShortCookie("mfa_setup"), SETUP_TTL));
  return parsed.success && parsed.data.u === userId ? parsed.data.s : null;
}

/** For the settings page: on or off, the enrollment in progress, and new recovery codes to show. */
export async function twoFactorStatus(user: PublicUser): Promise<TwoFactorStatus> {
  if (await hasSecondFactor(user.id)) {
    const fresh = codesSchema.safeParse(await unsealFor("recovery_codes", await readShortCookie("mfa_codes"), CODES_TTL));
    return {
      enabled: true,
      recoveryCodesLeft: await unusedRecoveryCodes(user.id),
      newRecoveryCodes: fresh.success && fresh.data.u === user.id ? fresh.data.c : null,
    };
  }
  const secret = await readSetup(user.id);
  return { enabled: false, setup: secret ? await totpEnrollment(secret, user.username) : null };
}

export type EnrollmentStart = { ok: true } | { ok: false; reason: "already_on" };

/** Makes a new secret for the logged-in user to scan; it takes effect only once confirmed. */
export async function beginEnrollment(): Promise<EnrollmentStart> {
  const current = await getCurrentSession();
  if (!current) throw new Error("beginEnrollment needs a logged-in user");
  if (await hasSecondFactor(current.user.id)) return { ok: false, reason: "already_on" };
  const sealed = await sealFor("totp_setup", { s: newTotpSecret(), u: current.user.id }, SETUP_TTL);
  await setShortCookie("mfa_setup", sealed, SETUP_TTL);
  return { ok: true };
}

export type FactorChange =
  { ok: true; recoveryCodes: string[] } | { ok: false; reason: "wrong_code" | "no_setup" | "already_on" } | StepUpNeeded | SessionEnded | Throttled;

/**
 * Claims the change for this browser's session: the user's auth_version goes up only while it is
 * still the one the session was loaded with. Null (and this browser logged out) when the session
 * was ended, or the credentials changed, since the password was checked.
 */
async function claimChange(user: PublicUser): Promise<number | null> {
  const version = await bumpAuthVersion(user.id, user.authVersion);
  if (version === null) await flushSession();
  return version;
}

/**
 * Turns the factor on, behind a step-up: a code from the app proves the setup. Adding a factor
 * changes how the user authenticates, so every other session ends and this one gets a fresh key.
 */
export async function confirmEnrollment(code: string): Promise<FactorChange> {
  const current = await getCurrentSession();
  if (!current) throw new Error("confirmEnrollment needs a logged-in user");
  const { user, session } = current;
  if (await hasSecondFactor(user.id)) return { ok: false, reason: "already_on" };
  const secret = await readSetup(user.id);
  if (!secret) return { ok: false, reason: "no_setup" };
  const check = stepUpOpen(current);
  if (!check.ok) return check;
  const step = totpStep(secret, code);
  if (step === null) return { ok: false, reason: "wrong_code" };
  const version = await claimChange(user);
  if (version === null) return SESSION_ENDED;
  const recoveryCodes = await enableSecondFactor(user.id, secret, step);
  await clearShortCookie("mfa_setup");
  // Shown once by the next render of the page (which cannot set cookies itself), for two minutes.
  await setShortCookie("mfa_codes", await sealFor("recovery_codes", { c: recoveryCodes, u: user.id }, CODES_TTL), CODES_TTL);
  await authEvent("two_factor_enabled", { userId: user.id, username: user.username });
  const rotated = await rotateSessions(user, session.persistent, version);
  return rotated.ok ? { ok: true, recoveryCodes } : rotated;
}

/** The user has saved the new recovery codes: stop showing them. */
export async function forgetNewRecoveryCodes(): Promise<void> {
  await clearShortCookie("mfa_codes");
}

/** Turns the factor off, behind a step-up: and a current code (or a recovery code) too. */
export async function turnOffSecondFactor(code: string): Promise<FactorChange> {
  const current = await getCurrentSession();
  if (!current) throw new Error("turnOffSecondFactor needs a logged-in user");
  const { user, session } = current;
  const check = stepUpOpen(current);
  if (!check.ok) return check;
  // Guessed codes count against the account like passwords.
  const admission = await admitAccountGuess(user.username);
  if (!admission.ok) return { ok: false, reason: "throttled", retryAfter: admission.retryAfter };
  if (!(await verifySecondFactor(user.id, code))) return { ok: false, reason: "wrong_code" };
  await acceptAccountGuess(user.username);
  const version = await claimChange(user);
  if (version === null) return SESSION_ENDED;
  await disableSecondFactor(user.id);
  await authEvent("two_factor_disabled", { userId: user.id, username: user.username });
  const rotated = await rotateSessions(user, session.persistent, version);
  return rotated.ok ? { ok: true, recoveryCodes: [] } : rotated;
}
