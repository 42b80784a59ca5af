import "server-only";
import { sealData, unsealData } from "iron-session";
import { cookies } from "next/headers";
import { cookieIsSecure } from "./config";
import { getCurrentSession, login, reauthenticate, rotateSessions, type PublicUser, type Throttled } from "./index";
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
import { sessionSecrets } from "./secret";
import { hit, resetThrottle, throttleKey } from "./throttle";
import { findUserById } from "./user";

// The page flows around the second factor: the login's second step, and turning the factor on
// and off. State between two requests travels in short-lived sealed cookies, never in the page.

const TICKET_TTL = 5 * 60;
const SETUP_TTL = 10 * 60;

type Ticket = { u: number; r: boolean; n: string | null };

function cookieName(base: string): string {
  return cookieIsSecure() ? `__Host-${base}` : base;
}

function shortCookie(maxAge: number) {
  return { httpOnly: true, sameSite: "lax" as const, path: "/", secure: cookieIsSecure(), maxAge };
}

async function seal(data: object, ttl: number): Promise<string> {
  return sealData(data, { password: sessionSecrets().seal, ttl });
}

async function unseal<T>(value: string | undefined, ttl: number): Promise<T | null> {
  if (!value || value.length > 2048) return null;
  try {
    const data = await unsealData<T>(value, { password: sessionSecrets().unseal, ttl });
    return Object.keys(data as object).length > 0 ? data : null;
  } catch {
    return null;
  }
}

/** After a right password: remember who is halfway through logging in, for five minutes. */
export async function startSecondStep(user: PublicUser, remember: boolean, next: string | null): Promise<void> {
  const ticket: Ticket = { u: user.id, r: remember, n: next };
  (await cookies()).set(cookieName("mfa_ticket"), await seal(ticket, TICKET_TTL), shortCookie(TICKET_TTL));
}

export async function secondStepPending(): Promise<boolean> {
  return (await readTicket()) !== null;
}

async function readTicket(): Promise<Ticket | null> {
  const ticket = await unseal<Ticket>((await cookies()).get(cookieName("mfa_ticket"))?.value, TICKET_TTL);
  return ticket && typeof ticket.u === "number" ? ticket : null;
}

export type SecondStep = { ok: true; next: string | null } | { ok: false; reason: "expired" | "invalid" } | Throttled;

/** The login's second step: a code for the ticket's user, throttled on the same account counter. */
export async function completeSecondStep(code: string): Promise<SecondStep> {
  const ticket = await readTicket();
  const user = ticket ? await findUserById(ticket.u) : null;
  if (!ticket || !user?.isActive) return { ok: false, reason: "expired" };
  const accountKey = throttleKey("login:account", user.username);
  const decision = await hit("login:account", accountKey, { enforce: true });
  if (!decision.allowed) {
    await authEvent("login_throttled", { userId: user.id, username: user.username, detail: "second factor" });
    return { ok: false, reason: "throttled", retryAfter: decision.retryAfter };
  }
  if (!(await verifySecondFactor(user.id, code))) {
    await authEvent("login_failed", { userId: user.id, username: user.username, detail: "second factor" });
    return { ok: false, reason: "invalid" };
  }
  await resetThrottle(accountKey);
  (await cookies()).set(cookieName("mfa_ticket"), "", shortCookie(0));
  await login(user, { remember: ticket.r });
  return { ok: true, next: ticket.n };
}

export type TwoFactorStatus =
  | { enabled: true; recoveryCodesLeft: number; newRecoveryCodes: string[] | null }
  | { enabled: false; setup: TotpEnrollment | null };

const CODES_TTL = 2 * 60;

/** For the settings page: on or off, the enrollment in progress, and new recovery codes to show. */
export async function twoFactorStatus(user: PublicUser): Promise<TwoFactorStatus> {
  if (await hasSecondFactor(user.id)) {
    const fresh = await unseal<{ c: string[]; u: number }>((await cookies()).get(cookieName("mfa_codes"))?.value, CODES_TTL);
    return {
      enabled: true,
      recoveryCodesLeft: await unusedRecoveryCodes(user.id),
      newRecoveryCodes: fresh && fresh.u === user.id && Array.isArray(fresh.c) ? fresh.c : null,
    };
  }
  const setup = await unseal<{ s: string; u: number }>((await cookies()).get(cookieName("mfa_setup"))?.value, SETUP_TTL);
  return { enabled: false, setup: setup && setup.u === user.id ? await totpEnrollment(setup.s, user.username) : null };
}

/** Makes a new secret for the logged-in user to scan; it takes effect only once confirmed. */
export async function beginEnrollment(): Promise<void> {
  const current = await getCurrentSession();
  if (!current) throw new Error("beginEnrollment needs a logged-in user");
  const sealed = await seal({ s: newTotpSecret(), u: current.user.id }, SETUP_TTL);
  (await cookies()).set(cookieName("mfa_setup"), sealed, shortCookie(SETUP_TTL));
}

export type FactorChange =
  | { ok: true; recoveryCodes: string[] }
  | { ok: false; reason: "wrong_password" | "wrong_code" | "no_setup" }
  | Throttled;

/**
 * Turns the factor on: the password again and a code from the app prove both. Adding a factor
 * changes how the user authenticates, so every other session ends and this one gets a fresh key.
 */
export async function confirmEnrollment(password: string, code: string): Promise<FactorChange> {
  const current = await getCurrentSession();
  if (!current) throw new Error("confirmEnrollment needs a logged-in user");
  const { user, session } = current;
  const jar = await cookies();
  const setup = await unseal<{ s: string; u: number }>(jar.get(cookieName("mfa_setup"))?.value, SETUP_TTL);
  if (!setup || setup.u !== user.id) return { ok: false, reason: "no_setup" };
  const check = await reauthenticate(user, password);
  if (!check.ok) return check;
  const step = totpStep(setup.s, code);
  if (step === null) return { ok: false, reason: "wrong_code" };
  const recoveryCodes = await enableSecondFactor(user.id, setup.s, step);
  jar.set(cookieName("mfa_setup"), "", shortCookie(0));
  // Shown once by the next render of the page (which cannot set cookies itself), for two minutes.
  jar.set(cookieName("mfa_codes"), await seal({ c: recoveryCodes, u: user.id }, CODES_TTL), shortCookie(CODES_TTL));
  await rotateSessions(user, session.persistent);
  await authEvent("two_factor_enabled", { userId: user.id, username: user.username });
  return { ok: true, recoveryCodes };
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
  await disableSecondFactor(user.id);
  await rotateSessions(user, session.persistent);
  await authEvent("two_factor_disabled", { userId: user.id, username: user.username });
  return { ok: true, recoveryCodes: [] };
}
