// Where to send a user after login, and how to ask for a login. Edge-safe.

export const DEFAULT_LOGIN_REDIRECT = "/profile";
const MAX_NEXT_LENGTH = 2048;

/**
 * `raw` if it is a path on this site, else null. Rejects absolute and scheme-relative URLs
 * ("//evil.example", "/\evil.example", "https://…"), control characters and encoded tricks that a
 * browser would turn into another origin.
 */
export function safeNextPath(raw: unknown): string | null {
  if (!looksLocal(raw)) return null;
  try {
    const base = "http://seed.invalid";
    const url = new URL(raw, base);
    if (url.origin !== base) return null;
    // Resolving dot segments can turn "/.//evil.example" into "//evil.example": check the result too.
    const path = url.pathname + url.search + url.hash;
    // An encoded control character, slash or backslash in the path ("/%09/evil", "/%2F/evil") is
    // harmless here but turns dangerous wherever the path is decoded once more: refuse it.
    return looksLocal(path) && looksLocal(safeDecode(url.pathname)) ? path : null;
  } catch {
    return null;
  }
}

function safeDecode(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

function looksLocal(value: unknown): value is string {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_NEXT_LENGTH) return false;
  if (!value.startsWith("/") || value.startsWith("//")) return false;
  // Backslashes count as slashes in browsers' URL parsing; control characters are stripped by them.
  return !/[\u0000-\u001f\u007f\\]/.test(value);
}

/** The path and query of a page request, for coming back to it after login. */
export function pathWithQuery(pathname: string, searchParams: Record<string, string | string[] | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(searchParams)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) query.append(key, item);
  }
  const search = query.toString();
  return search ? `${pathname}?${search}` : pathname;
}

export function loginPath(next?: string | null): string {
  const safe = safeNextPath(next);
  return safe ? `/login?next=${encodeURIComponent(safe)}` : "/login";
}

/** Where a sensitive page sends a session whose last proof of identity is too old. */
export const CONFIRM_PATH = "/profile/confirm";

export function confirmPath(next?: string | null): string {
  const safe = safeNextPath(next);
  return safe ? `${CONFIRM_PATH}?next=${encodeURIComponent(safe)}` : CONFIRM_PATH;
}
