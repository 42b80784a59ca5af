// NIST SP 800-63B password rules: a length floor, no composition rules, nothing on a list of
// common passwords, nothing repetitive, sequential or built from this site's own words, not the
// username in disguise. Every rejection says why. The rules live in password-rules.ts, which the
// strength meter in the browser runs too, over the same dictionaries, so both agree; this module
// binds them to the server's configuration and loads the dictionaries eagerly.
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";
import { authConfig } from "../config";
import { createPasswordRules, type PasswordRules } from "./rules";

export { CONTEXT_WORDS, PASSWORD_MAX_LENGTH } from "./rules";

let rules: PasswordRules | undefined;

/** Why this password may not be used by this user; empty when it is acceptable. */
export function passwordProblems(password: string, username: string): string[] {
  rules ??= createPasswordRules({ minLength: authConfig.passwordMinLength, dictionary, graphs: adjacencyGraphs });
  return rules.evaluate(password, username).problems;
}
