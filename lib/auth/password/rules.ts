// The password rules themselves, isomorphic: the server (password-policy.ts) and the strength
// meter in the browser (app/ui/password-strength.tsx) run this same code over the same word lists,
// so the meter's verdict is the server's. Nothing here reads the environment or imports the ~1 MB
// dictionaries: the caller passes them in (the server statically, the browser on first input).
import { ZxcvbnFactory, type OptionsType } from "@zxcvbn-ts/core";
import { distance } from "fastest-levenshtein";

export const PASSWORD_MAX_LENGTH = 1000; // bounds the hashing input; the SHA-256 pre-hash removes bcrypt's 72-byte cap

/** Words of this service that make a password guessable (NIST's "context-specific words"). */
export const CONTEXT_WORDS = ["seed", "sessionid", "session", "login", "signup", "password"];

/** zxcvbn's score 3: more than 10^8 guesses; below it are repeats, sequences, keyboard walks. */
export const MIN_SCORE = 3;

const WEAKNESS: Record<string, string> = {
  straightRow: "Rows of keys on the keyboard are easy to guess.",
  keyPattern: "Short keyboard patterns are easy to guess.",
  simpleRepeat: 'Repeated characters like "aaa" are easy to guess.',
  extendedRepeat: 'Repeated patterns like "abcabc" are easy to guess.',
  sequences: 'Sequences like "abc" or "6543" are easy to guess.',
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

/** What a password is worth: the reasons it may not be used (none: acceptable) and a 0–4 score
 * for a meter (zxcvbn's, capped at 2 while a rule refuses it). */
export type PasswordVerdict = { problems: string[]; score: 0 | 1 | 2 | 3 | 4 };

export type PasswordRulesOptions = {
  minLength: number;
  dictionary: OptionsType["dictionary"];
  graphs: OptionsType["graphs"];
};

export type PasswordRules = { evaluate(password: string, username: string): PasswordVerdict };

export function createPasswordRules({ minLength, dictionary, graphs }: PasswordRulesOptions): PasswordRules {
  let common: Set<string> | undefined;
  let estimator: ZxcvbnFactory | undefined;
  const commonPasswords = () => (common ??= new Set((dictionary?.["passwords-common"] ?? []) as string[]));
  const guessability = (password: string, words: string[]) => {
    estimator ??= new ZxcvbnFactory({ dictionary, graphs });
    return estimator.check(password, words);
  };

  return {
    evaluate(password, username) {
      const normalized = password.normalize("NFKC");
      const length = [...normalized].length; // code points, as NIST counts
      if (length < minLength) return { problems: [`Use at least ${minLength} characters (this one has ${length}).`], score: 0 };
      if (length > PASSWORD_MAX_LENGTH) return { problems: [`Use at most ${PASSWORD_MAX_LENGTH} characters.`], score: 0 };
      const problems: string[] = [];
      if (commonPasswords().has(normalized.toLowerCase())) {
        problems.push("This password is on a list of commonly used passwords. Choose another.");
      }
      if (tooCloseToUsername(normalized, username)) {
        problems.push("This password is too similar to the username.");
      }
      if (problems.length > 0) return { problems, score: 1 };
      const estimate = guessability(normalized, [username, ...CONTEXT_WORDS]);
      if (estimate.score < MIN_SCORE) {
        const why = WEAKNESS[estimate.feedback.warning ?? ""] ?? "It is close to a commonly used password.";
        problems.push(`This password is too easy to guess. ${why} Add a few more words or characters.`);
        return { problems, score: Math.min(estimate.score, 2) as 0 | 1 | 2 };
      }
      return { problems, score: estimate.score };
    },
  };
}
