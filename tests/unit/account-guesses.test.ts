import { describe, expect, it } from "vitest";
import { throttleConfig } from "@/lib/auth/config";
import { admitAccountGuess } from "@/lib/auth/throttle/limits";
import { randomUsername } from "../support/users";

// NIST SP 800-63B: at most 100 consecutive failed guesses per account. The account rule's
// growing waits must also bound what an attacker gets in any 24 hours, however the attempts are
// timed: retrying the moment each wait ends, or going quiet until the counter starts over.

const DAY = 24 * 60 * 60 * 1000;

type Guess = (username: string, now: number) => Promise<{ ok: true } | { ok: false; retryAfter: number }>;
const guess: Guess = (username, now) => admitAccountGuess(username, now);

/**
 * Plays an attacker for `days`: guesses (all wrong) as soon as allowed; once the wait asked for
 * exceeds `patience` seconds, goes quiet for `pause` ms instead. Returns when each guess got in.
 */
async function attack(patience: number, pause: number, days: number): Promise<number[]> {
  const username = randomUsername();
  const admitted: number[] = [];
  const start = Date.UTC(2026, 0, 5);
  let now = start;
  while (now < start + days * DAY) {
    const answer = await guess(username, now);
    if (answer.ok) {
      admitted.push(now);
      now += 1000; // a second per guess
    } else {
      now += answer.retryAfter > patience ? pause : answer.retryAfter * 1000;
    }
  }
  return admitted;
}

/** The most guesses inside any window of `span` ms. */
function mostInAnyWindow(times: number[], span: number): number {
  let most = 0;
  for (let first = 0, last = 0; last < times.length; last++) {
    while (times[last]! - times[first]! >= span) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

describe("guesses per account", () => {
  it("never more than 100 failures in any 24 hours, retrying the moment each wait ends", async () => {
    const admitted = await attack(Number.POSITIVE_INFINITY, 0, 3);
    expect(mostInAnyWindow(admitted, DAY)).toBeLessThanOrEqual(100);
    // Never a lockout: guesses still get in every day.
    expect(admitted.filter((t) => t >= admitted[0]! + 2 * DAY).length).toBeGreaterThan(0);
  }, 120_000);

  it("never more than 100 failures in any 24 hours, going quiet until the counter starts over", async () => {
    const quiet = throttleConfig.resetAfter * 1000 + 1000;
    for (const patience of [2, 4, 8, 16, 32, 64, 128, 256, 512]) {
      const admitted = await attack(patience, quiet, 2);
      expect(mostInAnyWindow(admitted, DAY), `patience ${patience} s`).toBeLessThanOrEqual(100);
    }
  }, 240_000);

  it("still lets the first few guesses through at once, and asks for waits that grow", async () => {
    const username = randomUsername();
    const now = Date.UTC(2026, 0, 5, 12);
    for (let i = 0; i < throttleConfig.loginAccountFree; i++) expect((await guess(username, now + i)).ok).toBe(true);
    const first = await guess(username, now + 10);
    expect(first).toEqual({ ok: false, retryAfter: expect.any(Number) });
    const later = now + 10 + (first.ok ? 0 : first.retryAfter * 1000);
    expect((await guess(username, later)).ok).toBe(true);
    const second = await guess(username, later + 1);
    expect(second.ok ? 0 : second.retryAfter).toBeGreaterThan(first.ok ? 0 : first.retryAfter);
  });
});
