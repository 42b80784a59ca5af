import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { authConfig, throttleConfig } from "@/lib/auth/config";
import { clearExpired, startSessionCleanup } from "@/lib/auth/cleanup";
import { createSession, hashSessionKey } from "@/lib/auth/session/records";
import { deleteExpiredSessions } from "@/lib/auth/session/user-sessions";
import { pruneThrottles } from "@/lib/auth/throttle/backoff";
import { createTestUser, randomUsername } from "../support/users";

const SECOND = 1000;

/** One session past its idle limit, one past its absolute limit, one live. */
async function threeSessions() {
  const { user } = await createTestUser();
  const now = Date.now();
  const idle = await createSession(user.id, { now: new Date(now - (authConfig.sessionIdleTimeout + 60) * SECOND) });
  const absolute = await createSession(user.id, { persistent: true, now: new Date(now - 60 * SECOND) });
  await db.session.update({
    where: { keyHash: hashSessionKey(absolute.key) },
    data: { absoluteExpiresAt: new Date(now - SECOND) }, // the idle limit alone is still ahead
  });
  const live = await createSession(user.id);
  return { user, idle, absolute, live };
}

async function sessionKeysOf(userId: number): Promise<string[]> {
  return (await db.session.findMany({ where: { userId }, select: { keyHash: true } })).map((row) => row.keyHash);
}

describe("clearing expired sessions (clearsessions)", () => {
  it("deletes sessions past either limit and keeps live ones", async () => {
    const { user, live } = await threeSessions();
    const result = await clearExpired();
    expect(result.sessions).toBeGreaterThanOrEqual(2);
    expect(await sessionKeysOf(user.id)).toEqual([hashSessionKey(live.key)]);
  });

  it("deletes in batches of at most the batch size, until none is left", async () => {
    await clearExpired();
    const { user } = await createTestUser();
    const past = new Date(Date.now() - (authConfig.sessionIdleTimeout + 60) * SECOND);
    for (let n = 0; n < 5; n++) await createSession(user.id, { now: past });
    expect(await deleteExpiredSessions(2)).toBe(2);
    expect(await deleteExpiredSessions(2)).toBe(2);
    expect(await deleteExpiredSessions(2)).toBe(1);
    expect(await deleteExpiredSessions(2)).toBe(0);

    for (let n = 0; n < 5; n++) await createSession(user.id, { now: past });
    expect(await clearExpired({ batchSize: 2 })).toMatchObject({ sessions: 5 });
    expect(await sessionKeysOf(user.id)).toEqual([]);
  });

  it("prunes idle throttle counters in batches, keeping recent and still-blocked ones", async () => {
    const now = Date.now();
    const idleSince = BigInt(now - (throttleConfig.resetAfter + 60) * SECOND);
    const key = (name: string) => `test:${name}:${randomUsername()}`;
    const idle = [key("idle"), key("idle"), key("idle")];
    const recent = key("recent");
    const blocked = key("blocked");
    for (const k of idle) await db.throttle.create({ data: { key: k, attempts: 3, lastAttempt: idleSince, blockedUntil: 0n } });
    await db.throttle.create({ data: { key: recent, attempts: 3, lastAttempt: BigInt(now), blockedUntil: 0n } });
    await db.throttle.create({ data: { key: blocked, attempts: 9, lastAttempt: idleSince, blockedUntil: BigInt(now + 60 * SECOND) } });

    expect(await pruneThrottles(now, 2)).toBeLessThanOrEqual(2);
    await clearExpired({ batchSize: 2, now: new Date(now) });
    const left = await db.throttle.findMany({ where: { key: { in: [...idle, recent, blocked] } }, select: { key: true } });
    expect(left.map((row) => row.key).sort()).toEqual([recent, blocked].sort());
  });
});

describe("the server's cleanup timer", () => {
  it("deletes expired sessions on its interval", async () => {
    const { user, live } = await threeSessions();
    const stop = startSessionCleanup(1);
    try {
      await expect.poll(() => sessionKeysOf(user.id), { timeout: 5_000 }).toEqual([hashSessionKey(live.key)]);
    } finally {
      stop();
    }
  });

  it("is off at 0", async () => {
    const { user } = await threeSessions();
    const stop = startSessionCleanup(0);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    stop();
    expect(await sessionKeysOf(user.id)).toHaveLength(3);
  });
});
