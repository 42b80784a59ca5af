import type { AuthEvent } from "@/lib/auth";

/** What each audit event is called on the pages. */
export const EVENT_LABELS: Record<AuthEvent, string> = {
  signup: "Account created",
  login: "Signed in",
  login_failed: "Failed sign-in attempt",
  login_throttled: "Sign-in attempt slowed down (too many tries)",
  second_factor_required: "Password accepted, second factor asked",
  logout: "Signed out",
  password_changed: "Password changed",
  hash_upgraded: "Password storage upgraded",
  sessions_ended: "Sessions ended",
  two_factor_enabled: "Two-factor authentication turned on",
  two_factor_disabled: "Two-factor authentication turned off",
  email_changed: "Email changed",
  email_change_requested: "Email change asked for (waiting for the new address)",
  email_change_cancelled: "Email change cancelled",
  email_verified: "Email address confirmed",
  password_reset_requested: "Password reset link sent",
  password_reset: "Password reset through a mailed link",
  account_deleted: "Account deleted",
  account_deactivated: "Account deactivated",
  account_reactivated: "Account reactivated",
  reauthenticated: "Identity confirmed for a sensitive change",
  reauthentication_failed: "Failed identity confirmation",
  passkey_added: "Passkey added",
  passkey_renamed: "Passkey renamed",
  passkey_removed: "Passkey removed",
  passkey_clone_suspected: "Passkey refused: its counter went backwards (possible copy)",
};

export function eventLabel(event: string): string {
  return (EVENT_LABELS as Record<string, string>)[event] ?? event;
}
