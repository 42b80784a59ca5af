// The door: what pages, server actions and API routes call (middleware.ts uses ./edge, client
// components ./client). Nothing outside lib/auth touches the auth tables, the password hasher or
// the session cookie; docs/ARCHITECTURE.md maps the rooms behind it.
import "server-only";

// Who is asking, and access checks.
export {
  currentSessionTrace,
  getCurrentSession,
  getCurrentUser,
  getPageUser,
  requireRecentAuth,
  requireStaff,
  requireUser,
  type CurrentSession,
} from "./guards";

// Accounts: signup, login and logout, and what a user does to their own account.
export { signup } from "./account/signup";
export { attemptLogin, authenticate, login, logout, type LoginAttempt } from "./account/login";
export {
  changePassword,
  deleteMyAccount,
  endMySessions,
  myRecentEvents,
  mySessions,
  rotateSessions,
  type AccountDeletion,
  type PasswordChange,
  type SessionEnding,
} from "./account/self-service";
export type { SessionEnded, StepUpNeeded, Throttled } from "./account/outcomes";
export { confirmIdentity, reauthenticate, requireStepUp, stepUpOpen, stepUpSecondsLeft, verifiedRecently, type IdentityConfirmation } from "./account/step-up";
export { findUserById, type PublicUser } from "./account/users";

// Mailed links: password reset, address verification and change.
export { checkResetLink, confirmPasswordReset, requestPasswordReset, type ResetConfirmation, type ResetRequest } from "./email/password-reset";
export { checkAddressLink, resendVerification, verifyEmailLink, type LinkVerification, type VerificationResend } from "./email/verification";
export { cancelEmailChange, changeMyEmail, myPendingEmail, type EmailChange } from "./email/change";
export { mailLinksEnabled } from "./email/enabled";
export { TOKEN_PATTERN } from "./email/tokens";

// The second factor.
export { completeSecondStep, secondStepPending, startSecondStep, type SecondStep } from "./factors/second-step";
export {
  beginEnrollment,
  confirmEnrollment,
  forgetNewRecoveryCodes,
  turnOffSecondFactor,
  twoFactorStatus,
  type EnrollmentStart,
  type FactorChange,
  type TwoFactorStatus,
} from "./factors/enrollment";

// Passkeys (WebAuthn).
export { beginPasskeyRegistration, finishPasskeyRegistration, type RegistrationFinish, type RegistrationStart } from "./passkeys/registration";
export {
  beginPasskeyLogin,
  beginPasskeyStepUp,
  finishPasskeyLogin,
  finishPasskeyStepUp,
  type CeremonyStart,
  type PasskeyLogin,
  type PasskeyStepUp,
} from "./passkeys/authentication";
export { myPasskeys, removeMyPasskey, renameMyPasskey, type PasskeyChange, type PasskeySummary } from "./passkeys/manage";
export { MAX_RESPONSE_LENGTH as PASSKEY_RESPONSE_MAX_LENGTH } from "./passkeys/responses";

// Staff.
export {
  endUserSessions,
  listUsers,
  manageUser,
  setUserActive,
  type ListedUser,
  type ManageIntent,
  type UserListing,
  type UserManagement,
} from "./staff/manage";
export { listAuthEvents, type EventQuery } from "./staff/events";
export { AUTH_EVENTS, requestId, type AuthEvent } from "./audit/record";
export type { AuthEventRow } from "./audit/trail";

// Sessions: data, flash messages, what the sessions page lists.
export { getSession, SessionDataTooLargeError, SessionThrottledError, type SessionData, type SessionStore } from "./session/data";
export { addMessage, takeMessages, type FlashMessage, type MessageLevel } from "./session/messages";
export type { AuthLevel, ValidatedSession } from "./session/records";
export type { SessionSummary } from "./session/user-sessions";
export type { SessionTrace } from "./session/request-session";
export { describeDevice } from "./session/device";

// Input, redirects, settings and errors, for forms and routes.
export * from "./validation";
export { CONFIRM_PATH, confirmPath, DEFAULT_LOGIN_REDIRECT, loginPath, pathWithQuery, safeNextPath } from "./redirect";
export { authConfig } from "./config";
export { isTemporarilyUnavailable } from "./errors";
