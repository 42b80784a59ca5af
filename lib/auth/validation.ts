// Input rules shared by the pages' server actions and the JSON API.
import { z } from "zod";
import { PASSWORD_MAX_LENGTH, passwordProblems } from "./password/policy";

export const USERNAME_MAX_LENGTH = 150; // Django's limit

/** The words for a wrong password given again before a change (forms and the JSON API alike). */
export const WRONG_PASSWORD = "That is not your password.";
export const WRONG_CURRENT_PASSWORD = "That is not your current password.";
export { PASSWORD_MAX_LENGTH } from "./password/policy";

// NFKC first, so full-width and other compatibility forms become the ASCII they stand for
// ("ａｌｉｃｅ" → "alice"); what is still not ASCII afterwards (Cyrillic "а", Greek "ο", …) is
// refused, so no two accepted names can look alike. Uniqueness ignores case (lib/auth/account/users.ts).
const username = z.preprocess(
  (v) => (typeof v === "string" ? v.normalize("NFKC") : v),
  z
    .string({ error: "Enter a username." })
    .trim()
    .min(1, "Enter a username.")
    .max(USERNAME_MAX_LENGTH, `Usernames have at most ${USERNAME_MAX_LENGTH} characters.`)
    .regex(/^[A-Za-z0-9@.+_-]+$/, "Use only letters, digits and @ . + - _ in a username."),
);

// Length and content rules live in password-policy.ts (they need the username); this only bounds
// the input.
const newPassword = z
  .string({ error: "Enter a password." })
  .min(1, "Enter a password.")
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`);

/** The rules for a new username (signup, createsuperuser). */
export const usernameSchema = username;

/** Optional: an empty field means none. Stored lowercased, so one address cannot be taken twice. */
export const optionalEmail = z.preprocess(
  (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : v.trim().toLowerCase()) : v),
  z.email({ error: "Enter a valid email address, or leave it empty." }).max(254, "Email addresses have at most 254 characters.").optional(),
);

export const signupSchema = z.object({ username, email: optionalEmail, password: newPassword }).superRefine((input, ctx) => {
  for (const message of passwordProblems(input.password, input.username)) {
    ctx.addIssue({ code: "custom", message, path: ["password"] });
  }
});

export const loginSchema = z.object({
  username: z.string({ error: "Enter your username." }).trim().min(1, "Enter your username.").max(USERNAME_MAX_LENGTH, "Invalid username or password"),
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(PASSWORD_MAX_LENGTH, "Invalid username or password"),
  // A checkbox posts "on"; JSON clients send true.
  remember: z.preprocess((v) => v === true || v === "on" || v === "true" || v === "1", z.boolean()),
  /** The second factor, for accounts that have one: a TOTP code or a recovery code. */
  code: z.string().max(64, "Invalid username or password").optional(),
});

export const secondFactorCodeSchema = z.object({
  code: z.string({ error: "Enter the code." }).trim().min(1, "Enter the code.").max(64, "That code is not valid."),
});

/** The password asked again before a sensitive change (email, sessions, second factor, deletion). */
export const currentPasswordField = z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(PASSWORD_MAX_LENGTH, WRONG_PASSWORD);

/** The password form: the step-up stands in for the current password. */
export const newPasswordSchema = z.object({ newPassword });

export const passwordChangeSchema = z.object({
  currentPassword: z.string({ error: "Enter your current password." }).min(1, "Enter your current password.").max(PASSWORD_MAX_LENGTH, WRONG_CURRENT_PASSWORD),
  newPassword,
});

/** A required address (asking for a reset link), lowercased like every stored one. */
export const requiredEmail = z.preprocess(
  (v) => (typeof v === "string" ? v.trim().toLowerCase() : v),
  z.email({ error: "Enter your email address." }).max(254, "Email addresses have at most 254 characters."),
);

/** The answer to every reset request, whatever the address: whether it has an account is never said. */
export const RESET_REQUESTED = "If an account has this address, and the address is verified, a reset link is on its way. It works for an hour.";

export const LINK_INVALID = "This link does not work: it was used already, it expired, or a newer one was sent.";

/** A mailed link's token; the exact shape is checked where it is looked up, as an invalid link. */
export const linkToken = z.string({ error: LINK_INVALID }).min(1, LINK_INVALID).max(64, LINK_INVALID);

export const passwordResetRequestSchema = z.object({ email: requiredEmail });

export const passwordResetSchema = z.object({ token: linkToken, password: newPassword });

/** The form asks for the new password twice; the API takes it once. */
export const passwordResetFormSchema = z
  .object({ token: linkToken, password: newPassword, confirmPassword: z.string({ error: "Enter the password again." }).max(PASSWORD_MAX_LENGTH) })
  .refine((input) => input.password === input.confirmPassword, { message: "The two passwords differ.", path: ["confirmPassword"] });

export const verifyEmailSchema = z.object({ token: linkToken });

export type SignupInput = z.infer<typeof signupSchema>;
export type LoginInput = z.infer<typeof loginSchema>;
export type FieldErrors = Record<string, string[]>;

/** zod issues as `{field: [messages]}` for forms and the API's `fields`. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "_");
    (out[key] ??= []).push(issue.message);
  }
  return out;
}
