/** The page's words for a throttled attempt; the wait is real, the reason stays vague on purpose. */
export function throttledMessage(retryAfter: number): string {
  const wait = retryAfter < 90 ? `${retryAfter} seconds` : `${Math.ceil(retryAfter / 60)} minutes`;
  return `Too many attempts. Please wait ${wait} and try again.`;
}

/** A form state for a throttled attempt: the message, and the wait for the form's countdown. */
export function throttled(retryAfter: number): { message: string; retryAfter: number } {
  return { message: throttledMessage(retryAfter), retryAfter };
}
