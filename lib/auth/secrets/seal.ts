// Sealed values the browser carries (iron-session), each tagged with what it is for. All of them
// are sealed with the same secrets, so without the tag one could be presented as another (the
// two-factor page's cookies as a login step, say). The tag is inside the seal, covered by its
// MAC; unsealing for one purpose refuses every other. Edge-safe (middleware.ts unseals sessions).
import { sealData, unsealData } from "iron-session";
import { sessionSecrets } from "./secret";

export type SealPurpose = "session" | "totp_setup" | "recovery_codes" | "passkey_registration" | "passkey_login" | "passkey_step_up";

/** The longest sealed value any purpose accepts (a cookie's value stays well under 4 KB). */
export const MAX_SEALED_LENGTH = 2048;

export async function sealFor(purpose: SealPurpose, data: Record<string, unknown>, ttl: number): Promise<string> {
  return sealData({ ...data, p: purpose }, { password: sessionSecrets().seal, ttl });
}

/** What a seal made for `purpose` holds; null for a missing, tampered, expired or other-purpose one. */
export async function unsealFor(purpose: SealPurpose, sealed: string | undefined, ttl: number): Promise<Record<string, unknown> | null> {
  if (!sealed || sealed.length > MAX_SEALED_LENGTH) return null;
  try {
    const data = await unsealData<Record<string, unknown>>(sealed, { password: sessionSecrets().unseal, ttl });
    return data.p === purpose ? data : null;
  } catch {
    return null; // malformed: no value, never an error page
  }
}
