// Rules for SESSION_SECRET, shared by scripts/start.mjs and the server itself (plain JS, edge-safe).

export const SECRET_MIN_LENGTH = 32;

// Values copied from documentation and examples: anyone can forge cookies sealed with them.
const KNOWN_SAMPLES = new Set([
  "complex_password_at_least_32_characters_long", // iron-session's README and Next.js examples
  "complex_password_at_least_32_characters_long_please",
  "this-is-a-secret-value-with-at-least-32-characters",
  "change-me-to-a-random-string-of-at-least-32-chars",
  "replace-me-with-at-least-32-random-characters",
  "your-secret-key-at-least-32-characters-long",
  "00000000000000000000000000000000",
  "12345678901234567890123456789012",
]);
const MIN_DISTINCT_CHARACTERS = 8;

/** Why `value` cannot seal cookies, or null when it can. */
export function secretProblem(value, name = "SESSION_SECRET") {
  if (!value || value.length < SECRET_MIN_LENGTH) {
    return `${name} must be set to at least ${SECRET_MIN_LENGTH} characters (generate one with: openssl rand -base64 32)`;
  }
  if (KNOWN_SAMPLES.has(value) || /change.?me|your.?secret|example/i.test(value)) {
    return `${name} is a published sample value; generate a random one with: openssl rand -base64 32`;
  }
  if (new Set(value).size < MIN_DISTINCT_CHARACTERS) {
    return `${name} has fewer than ${MIN_DISTINCT_CHARACTERS} different characters; generate a random one with: openssl rand -base64 32`;
  }
  return null;
}

/**
 * iron-session numbers its passwords and writes the number into each seal. Deriving the number
 * from the secret itself (FNV-1a) keeps it stable across rotations without bookkeeping.
 */
export function secretId(value) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % 2_000_000_000) + 1;
}
