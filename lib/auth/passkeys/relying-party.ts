import "server-only";
import { mailSettings } from "../../mail/settings";

// Who this app is to an authenticator: the relying party id is APP_ORIGIN's host name and the
// only origin accepted is APP_ORIGIN itself (never a request's Host header).

export function relyingParty(): { id: string; name: string; origin: string } {
  const origin = new URL(mailSettings.origin);
  return { id: origin.hostname, name: mailSettings.appName, origin: origin.origin };
}

/** Seconds a ceremony's challenge stays good (the 5 minutes; browsers time out sooner). */
export const CEREMONY_TTL = 5 * 60;

/** Passkeys one account may hold. */
export const MAX_PASSKEYS = 20;
