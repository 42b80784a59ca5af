// What client components may import: the password rules the strength meter runs in the browser
// (the same ones the server applies). Nothing here is server-only.
export { createPasswordRules, type PasswordRules, type PasswordVerdict } from "./password/rules";
