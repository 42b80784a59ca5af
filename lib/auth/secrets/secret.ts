// The keys iron-session seals cookies with. Edge-safe (middleware.ts imports it).
// SESSION_SECRET seals; SESSION_SECRET_FALLBACKS (comma-separated, like Django's
// SECRET_KEY_FALLBACKS) still open cookies sealed before a rotation, until they are removed.
import { secretId, secretProblem } from "./secret-rules.mjs";

export type SealingPasswords = { seal: Record<number, string>; unseal: Record<number, string> };

let cached: { source: string; passwords: SealingPasswords } | undefined;

export function sessionSecrets(): SealingPasswords {
  const current = process.env.SESSION_SECRET ?? "";
  const fallbacks = process.env.SESSION_SECRET_FALLBACKS ?? "";
  const source = `${current}\n${fallbacks}`;
  if (cached?.source === source) return cached.passwords;

  // Never fall back to a built-in secret: anyone could forge cookies with it.
  const problem = secretProblem(current);
  if (problem) throw new Error(problem);
  const unseal: Record<number, string> = { [secretId(current)]: current };
  for (const old of fallbacks
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const oldProblem = secretProblem(old, "each of SESSION_SECRET_FALLBACKS");
    if (oldProblem) throw new Error(oldProblem);
    unseal[secretId(old)] = old;
  }
  const passwords = { seal: { [secretId(current)]: current }, unseal };
  cached = { source, passwords };
  return passwords;
}

/** The secrets keys are derived from (lib/auth/secrets/field-seal.ts): the current one first, then the fallbacks. */
export function keyingSecrets(): { current: string; all: string[] } {
  const { seal, unseal } = sessionSecrets();
  const current = Object.values(seal)[0]!;
  return { current, all: [current, ...Object.values(unseal).filter((secret) => secret !== current)] };
}
