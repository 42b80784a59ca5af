import "server-only";
import { cookies } from "next/headers";
import { z } from "zod";
import { cookieIsSecure } from "./config";
import { getCurrentSession, login, reauthenticate, rotateSessions, type PublicUser, type SessionEnded, type Throttled } from "./index";
import { acceptAccountGuess, admitAccountGuess } from "./limits";
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
} from "./mfa";
import { authEvent } from "./events";
import { sealFor, unsealFor } from "./seal";
import { cycleSessionKeyInPlace, flushSession, readSessionValue, takeSessionValue, writeSessionData } from "./session-store";
import { bumpAuthVersion, findUserById } from "./user";

// The page flows around the second factor: the login's second step, and turning the factor on
// and off.
//
// Between the password and the code, the login waits in this browser's server-side session (an
// anonymous one until the login completes), never in a cookie of its own: it cannot be copied
// without the session, it is taken exactly once, and it records the user's auth_version, so a
// password change or "log out everywhere" in between ends it. The enrolment's secret and the new
// recovery codes travel in short-lived sealed cookies, each sealed for its own purpose.

const PENDING_KEY = "_second_step";
const PENDING_TTL_MS = 5 * 60 * 1000;
const SETUP_TTL = 10 * 60;
const CODES_TTL = 2 * 60;

const pendingSchema = z.object({
  user: z.number().int(),
  authVersion: z.number().int(),
  remember: z.boolean(),
  next: z.string().nullable(),
  expires: z.number(),
});
type Pending = z.infer<typeof pendingSchema>;

function cookieName(base: string): string {
  return cookieIsSecure() ? `__Host-${base}` : base;
}

function shortCookie(maxAge: number) {
  return { httpOnly: true, sameSite: "lax" as const, path: "/", secure: cookieIsSecure(), maxAge };
}

/**
 * After a right password: this browser's session remembers who is halfway through, for five
 * minutes. A session the browser already has moves to a new key first, so a key planted in it
 * beforehand (session fixation) does not share the step. Not counted against the client's new
 * sessions: the login's own rules have already counted this attempt.
 */
export async function startSecondStep(user: PublicUser, remember: boolean, next: string | null): Promise<void> {
  const pending: Pending = { user: user.id, authVersion: user.authVersion, remember, next, expires: Date.now() + PENDING_TTL_MS };
  await cycleSessionKeyInPlace(user.id);
  await writeSessionData({ [PENDING_KEY]: pending }, { unthrottled: true });
}

async function readPending(): Promise<Pending | null> {
  const parsed = pendingSchema.safeParse(await readSessionValue(PENDING_KEY));
  return parsed.success && parsed.data.expires > Date.now() ? parsed.data : null;
}

export async function secondStepPending(): Promise<boolean> {
  return (await readPending()) !== null;
}

export type SecondStep = { ok: true; next: string | null } | { ok: false; reason: "expired" | "invalid" } | Throttled;

/** The login's second step: a code for the waiting user, throttled like a password guess. */
export async function completeSecondStep(code: string): Promise<SecondStep> {
  const pending = await readPending();
  const user = pending ? await findUserById(pending.user) : null;
  // Ended meanwhile: the password changed, every session was ended, or the account was deactivated.
  if (!pending || !user?.isActive || user.authVersion !== pending.authVersion) {
    if (pending) await writeSessionData({ [PENDING_KEY]: undefined });
    return { ok: false, reason: "expired" };
  }
  const admission = await admitAccountGuess(user.username);
  if (!admission.ok) {
    await authEvent("login_throttled", { userId: user.id, username: user.username, detail: "second factor" });
    return { ok: false, reason: "throttled", retryAfter: admission.retryAfter };
  }
  // Taken before the code is checked (and so before a code is used up): of two requests racing,
  // one goes on. A wrong code puts it back.
  if ((await takeSessionValue(PENDING_KEY)) === undefined) return { ok: false, reason: "expired" };
  if (!(await verifySecondFactor(user.id, code))) {
    await writeSessionData({ [PENDING_KEY]: pending }, { unthrottled: true });
    await authEvent("login_failed", { userId: user.id, username: user.username, detail: "second factor" });
    return { ok: false, reason: "invalid" };
  }
  await acceptAccountGuess(user.username);
  await login(user, { remember: pending.remember });
  return { ok: true, next: pending.next };
}

export type TwoFactorStatus =
  | { enabled: true; recoveryCodesLeft: number; newRecoveryCodes: string[] | null }
  | { enabled: false; setup: TotpEnrollment | null };

const setupSchema = z.object({ s: z.string(), u: z.number() });
const codesSchema = z.object({ c: z.array(z.string()), u: z.number() });

async function readSetup(userId: number): Promise<string | null> {
  const parsed = setupSchema.safeParse(await unsealFor("totp_setup", (await cookies()).get(cookieName("mfa_setup"))?.value, SETUP_TTL));
  return parsed.success && parsed.data.u === userId ? parsed.data.s : null;
}

/** For the settings page: on or off, the enrollment in progress, and new recovery codes to show. */
export async function twoFactorStatus(user: PublicUser): Promise<TwoFactorStatus> {
  if (await hasSecondFactor(user.id)) {
    const fresh = codesSchema.safeParse(await unsealFor("recovery_codes", (await cookies()).get(cookieName("mfa_codes"))?.value, CODES_TTL));
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
  (await cookies()).set(cookieName("mfa_setup"), sealed, shortCookie(SETUP_TTL));
  return { ok: true };
}

export type FactorChange =
  | { ok: true; recoveryCodes: string[] }
  | { ok: false; reason: "wrong_password" | "wrong_code" | "no_setup" | "already_on" }
  | SessionEnded
  | Throttled;

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
 * Turns the factor on: the password again and a code from the app prove both. Adding a factor
 * changes how the user authenticates, so every other session ends and this one gets a fresh key.
 */
export async function confirmEnrollment(password: string, code: string): Promise<FactorChange> {
  const current = await getCurrentSession();
  if (!current) throw new Error("confirmEnrollment needs a logged-in user");
  const { user, session } = current;
  const jar = await cookies();
  if (await hasSecondFactor(user.id)) return { ok: false, reason: "already_on" };
  const secret = await readSetup(user.id);
  if (!secret) return { ok: false, reason: "no_setup" };
  const check = await reauthenticate(user, password);
  if (!check.ok) return check;
  const step = totpStep(secret, code);
  if (step === null) return { ok: false, reason: "wrong_code" };
  const version = await claimChange(user);
  if (version === null) return { ok: false, reason: "session_ended" };
  const recoveryCodes = await enableSecondFactor(user.id, secret, step);
  jar.set(cookieName("mfa_setup"), "", shortCookie(0));
  // Shown once by the next render of the page (which cannot set cookies itself), for two minutes.
  jar.set(cookieName("mfa_codes"), await sealFor("recovery_codes", { c: recoveryCodes, u: user.id }, CODES_TTL), shortCookie(CODES_TTL));
  await authEvent("two_factor_enabled", { userId: user.id, username: user.username });
  const rotated = await rotateSessions(user, session.persistent, version);
  return rotated.ok ? { ok: true, recoveryCodes } : rotated;
}

/** The user has saved the new recovery codes: stop showing them. */
export async function forgetNewRecoveryCodes(): Promise<void> {
  (await cookies()).set(cookieName("mfa_codes"), "", shortCookie(0));
}

/** Turns the factor off: the password and a current code (or a recovery code). */
export async function turnOffSecondFactor(password: string, code: string): Promise<FactorChange> {
  const current = await getCurrentSession();
  if (!current) throw new Error("turnOffSecondFactor needs a logged-in user");
  const { user, session } = current;
  const check = await reauthenticate(user, password);
  if (!check.ok) return check;
  if (!(await verifySecondFactor(user.id, code))) return { ok: false, reason: "wrong_code" };
  const version = await claimChange(user);
  if (version === null) return { ok: false, reason: "session_ended" };
  await disableSecondFactor(user.id);
  await authEvent("two_factor_disabled", { userId: user.id, username: user.username });
  const rotated = await rotateSessions(user, session.persistent, version);
  return rotated.ok ? { ok: true, recoveryCodes: [] } : rotated;
}
