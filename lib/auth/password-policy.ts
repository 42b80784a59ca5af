// NIST SP 800-63B password rules: a length floor, no composition rules, no common passwords, not
// the username in disguise. Every rejection says why. Edge-free but server-side: the common list
// is ~50,000 entries, and the same list feeds the strength meter on the signup page.
import { dictionary } from "@zxcvbn-ts/language-common";
import { distance } from "fastest-levenshtein";
import { authConfig } from "./config";

export const PASSWORD_MAX_LENGTH = 1000; // bounds the hashing input; the SHA-256 pre-hash removes bcrypt's 72-byte cap

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  return (common ??= new Set(dictionary["passwords-common"]));
}

// Django's UserAttributeSimilarityValidator refuses at 0.7 similarity.
const MAX_SIMILARITY = 0.7;

function similarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - distance(a, b) / longest;
}

function tooCloseToUsername(password: string, username: string): boolean {
  const pw = password.toLowerCase();
  const name = username.normalize("NFKC").toLowerCase();
  if (name.length < 3) return false;
  // The username inside the password ("alice2024!!"), the password inside the username, or a few
  // edits away from it; also each part of a name like "alice.smith@example.com".
  const parts = [name, ...name.split(/[@.+_-]+/).filter((part) => part.length >= 3)];
  return parts.some((part) => pw.includes(part) || part.includes(pw) || similarity(pw, part) >= MAX_SIMILARITY);
}

/** Why this password may not be used by this user; empty when it is acceptable. */
export function passwordProblems(password: string, username: string): string[] {
  const normalized = password.normalize("NFKC");
  const length = [...normalized].length; // code points, as NIST counts
  const min = authConfig.passwordMinLength;
  if (length < min) return [`Use at least ${min} characters (this one has ${length}).`];
  if (length > PASSWORD_MAX_LENGTH) return [`Use at most ${PASSWORD_MAX_LENGTH} characters.`];
  const problems: string[] = [];
  if (commonPasswords().has(normalized.toLowerCase())) {
    problems.push("This password is on a list of commonly used passwords. Choose another.");
  }
  if (tooCloseToUsername(normalized, username)) {
    problems.push("This password is too similar to the username.");
  }
  return problems;
}
