// The key iron-session seals cookies with. Edge-safe (middleware.ts imports it).
const MIN_LENGTH = 32;

export function sessionSecret(): string {
  const secret = process.env.SESSION_SECRET;
  if (!secret || secret.length < MIN_LENGTH) {
    // Never fall back to a built-in secret: anyone could forge cookies with it.
    throw new Error(
      `SESSION_SECRET must be set to at least ${MIN_LENGTH} characters ` +
        "(generate one with: openssl rand -base64 32)",
    );
  }
  return secret;
}

export const SESSION_SECRET_MIN_LENGTH = MIN_LENGTH;
