// NIST SP 800-63B password rules: a length floor, no composition rules, nothing on a list of
// common passwords, nothing repetitive, sequential or built from this site's own words, not the
// username in disguise. Every rejection says why. The common list (~50,000 entries) and the
// zxcvbn-ts estimator are the same ones a strength meter in the browser can use, so both agree.
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";
import { distance } from "fastest-levenshtein";
import { authConfig } from "./config";

export const PASSWORD_MAX_LENGTH = 1000; // bounds the hashing input; the SHA-256 pre-hash removes bcrypt's 72-byte cap

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  return (common ??= new Set(dictionary["passwords-common"]));
}

let estimator: ZxcvbnFactory | undefined;
function guessability(password: string, contextWords: string[]) {
  estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return estimator.check(password, contextWords);
}

/** Words of this service that make a password guessable (NIST's "context-specific words"). */
export const CONTEXT_WORDS = ["seed", "sessionid", "session", "login", "signup", "password"];

/** zxcvbn's score 3: more than 10^8 guesses; below it are repeats, sequences, keyboard walks. */
const MIN_SCORE = 3;

const WEAKNESS: Record<string, string> = {
  straightRow: "Rows of keys on the keyboard are easy to guess.",
  keyPattern: "Short keyboard patterns are easy to guess.",
  simpleRepeat: "Repeated characters like \"aaa\" are easy to guess.",
  extendedRepeat: "Repeated patterns like \"abcabc\" are easy to guess.",
  sequences: "Sequences like \"abc\" or \"6543\" are easy to guess.",
  recentYears: "Recent years are easy to guess.",
  dates: "Dates are easy to guess.",
  userInputs: "It is built from your username or this site's name.",
};

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
  if (problems.length === 0) {
    const estimate = guessability(normalized, [username, ...CONTEXT_WORDS]);
    if (estimate.score < MIN_SCORE) {
      const why = WEAKNESS[estimate.feedback.warning ?? ""] ?? "It is close to a commonly used password.";
      problems.push(`This password is too easy to guess. ${why} Add a few more words or characters.`);
    }
  }
  return problems;
}
