// Where to send a user after login, and how to ask for a login. Edge-safe.

export const DEFAULT_LOGIN_REDIRECT = "/profile";
const MAX_NEXT_LENGTH = 2048;

/**
 * `raw` if it is a path on this site, else null. Rejects absolute and scheme-relative URLs
 * ("//evil.example", "/\evil.example", "https://…"), control characters and encoded tricks that a
 * browser would turn into another origin.
 */
export function safeNextPath(raw: unknown): string | null {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > MAX_NEXT_LENGTH) return null;
  if (!raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return null;
  try {
    const base = "http://seed.invalid";
    const url = new URL(raw, base);
    if (url.origin !== base) return null;
    return url.pathname + url.search + url.hash;
  } catch {
    return null;
  }
}

export function loginPath(next?: string | null): string {
  const safe = safeNextPath(next);
  return safe ? `/login?next=${encodeURIComponent(safe)}` : "/login";
}
