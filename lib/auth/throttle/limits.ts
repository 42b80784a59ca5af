import "server-only";
import { returnPace, takePace } from "./daily-pace";
import { clientThrottleKey, hit, refundAttempt, resetThrottle, throttleKey } from "./backoff";

// The throttle rules each kind of attempt passes, before any work is done for it. Every attempt
// is counted up front, atomically, by each rule that applies, so a burst of parallel requests
// can never get more of them checked than the rules allow; a login that turns out right is given
// back afterwards.
//
// - per account: growing waits (a few free, then 2 s doubling to 15 min) and a daily pace (at most
//   THROTTLE_LOGIN_ACCOUNT_DAILY failures in any 24 hours);
// - per client (an IPv4 address or an IPv6 /64): growing waits on logins, so one client spraying
//   passwords across many accounts is slowed down too;
// - signups per client, and email changes per account and per client (the email form must not be
//   a fast oracle for which addresses have accounts);
// - mail sent on request, per client and per address; mailed links used, per client.

export type Admission = { ok: true } | { ok: false; retryAfter: number; rule: "account" | "client" };

const paceKey = (username: string) => throttleKey("login:daily", username);

/** One guess at an account's password or code: counted by the waits and by the daily pace. */
export async function admitAccountGuess(username: string, now = Date.now()): Promise<{ ok: true } | { ok: false; retryAfter: number }> {
  const waits = await hit("login:account", throttleKey("login:account", username), { enforce: true, now });
  if (!waits.allowed) return { ok: false, retryAfter: waits.retryAfter };
  const pace = await takePace(paceKey(username), now);
  return pace.allowed ? { ok: true } : { ok: false, retryAfter: pace.retryAfter };
}

/** The guess was right: the account's waits start over and the day's pace gets it back. */
export async function acceptAccountGuess(username: string): Promise<void> {
  await resetThrottle(throttleKey("login:account", username));
  await returnPace(paceKey(username));
}

/**
 * One login attempt from a client address, counted before the password is checked. Without a
 * known address (served without scripts/server.mjs) there is no per-client rule: one shared
 * "unknown" counter would let a single attacker slow everyone down.
 */
export async function admitClientAttempt(ipAddress: string | null, now = Date.now()): Promise<Admission> {
  if (!ipAddress) return { ok: true };
  const decision = await hit("login:client", clientThrottleKey("login:client", ipAddress), { enforce: true, now });
  return decision.allowed ? { ok: true } : { ok: false, retryAfter: decision.retryAfter, rule: "client" };
}

/** The client's attempt was a right password: it does not count as one of its failures. */
export async function refundClientAttempt(ipAddress: string | null): Promise<void> {
  if (ipAddress) await refundAttempt(clientThrottleKey("login:client", ipAddress));
}

/** Both rules for a login: the client's first (cheapest to refuse), then the account's. */
export async function admitLoginAttempt(username: string, ipAddress: string | null): Promise<Admission> {
  const client = await admitClientAttempt(ipAddress);
  if (!client.ok) return client;
  const account = await admitAccountGuess(username);
  return account.ok ? account : { ...account, rule: "account" };
}

/** A signup from this client address. */
export async function admitSignup(ipAddress: string | null): Promise<Admission> {
  if (!ipAddress) return { ok: true };
  const decision = await hit("signup:client", clientThrottleKey("signup:client", ipAddress), { enforce: true });
  return decision.allowed ? { ok: true } : { ok: false, retryAfter: decision.retryAfter, rule: "client" };
}

/** An email change by this user from this client address, whether or not it is then applied. */
export async function admitEmailChange(username: string, ipAddress: string | null): Promise<Admission> {
  if (ipAddress) {
    const client = await hit("email:client", clientThrottleKey("email:client", ipAddress), { enforce: true });
    if (!client.allowed) return { ok: false, retryAfter: client.retryAfter, rule: "client" };
  }
  const account = await hit("email:account", throttleKey("email:account", username), { enforce: true });
  return account.allowed ? { ok: true } : { ok: false, retryAfter: account.retryAfter, rule: "account" };
}

/**
 * A request that mails an address (a reset link, a link sent again), per client. The address's
 * own counter is mayMailAddress, after the answer: a blocked address is not told apart, and the
 * owner asking for a reset is not refused because someone else asked first.
 */
export async function admitMailRequest(ipAddress: string | null): Promise<Admission> {
  if (!ipAddress) return { ok: true };
  const client = await hit("mail:client", clientThrottleKey("mail:client", ipAddress), { enforce: true });
  return client.allowed ? { ok: true } : { ok: false, retryAfter: client.retryAfter, rule: "client" };
}

/** A mailed link used from this client address (tokens cannot be guessed; this bounds the work they cost). */
export async function admitLinkUse(ipAddress: string | null): Promise<Admission> {
  if (!ipAddress) return { ok: true };
  const decision = await hit("link:client", clientThrottleKey("link:client", ipAddress), { enforce: true });
  return decision.allowed ? { ok: true } : { ok: false, retryAfter: decision.retryAfter, rule: "client" };
}

/** After a password reset: the account's login waits and daily pace start over. */
export async function clearAccountGuesses(username: string): Promise<void> {
  await resetThrottle(throttleKey("login:account", username));
  await resetThrottle(paceKey(username));
}

/**
 * Whether a mail may go to `address` now: every mail the app sends to an address on someone's
 * request (reset links, confirmation links, notices that someone used it) counts here, whatever
 * the account behind it, and past the free ones the mail is dropped, so nobody can flood a mailbox
 * and the counter says nothing about who has an account.
 */
export async function mayMailAddress(address: string): Promise<boolean> {
  return (await hit("mail:address", throttleKey("mail:address", address), { enforce: true })).allowed;
}
