// Input rules shared by the pages' server actions and the JSON API.
import { z } from "zod";
import { authConfig } from "./config";

export const USERNAME_MAX_LENGTH = 150; // Django's limit
export const PASSWORD_MAX_LENGTH = 1000; // bounds the hashing input; SHA-256 pre-hash removes bcrypt's 72-byte cap

const username = z
  .string({ error: "Enter a username." })
  .trim()
  .min(1, "Enter a username.")
  .max(USERNAME_MAX_LENGTH, `Usernames have at most ${USERNAME_MAX_LENGTH} characters.`)
  // ASCII only: no look-alike characters can make two names that read the same.
  .regex(/^[A-Za-z0-9@.+_-]+$/, "Use only letters, digits and @ . + - _ in a username.");

const newPassword = z
  .string({ error: "Enter a password." })
  .min(1, "Enter a password.")
  .min(
    authConfig.passwordMinLength,
    `Passwords have at least ${authConfig.passwordMinLength} characters.`,
  )
  .max(PASSWORD_MAX_LENGTH, `Passwords have at most ${PASSWORD_MAX_LENGTH} characters.`);

export const signupSchema = z.object({ username, password: newPassword });

export const loginSchema = z.object({
  username: z
    .string({ error: "Enter your username." })
    .trim()
    .min(1, "Enter your username.")
    .max(USERNAME_MAX_LENGTH, "Invalid username or password"),
  password: z
    .string({ error: "Enter your password." })
    .min(1, "Enter your password.")
    .max(PASSWORD_MAX_LENGTH, "Invalid username or password"),
  // A checkbox posts "on"; JSON clients send true.
  remember: z.preprocess((v) => v === true || v === "on" || v === "true" || v === "1", z.boolean()),
});

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
