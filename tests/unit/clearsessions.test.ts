import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { authConfig } from "@/lib/auth/config";
import { createSession, hashSessionKey } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { createTestUser, randomUsername } from "../support/users";

function clearsessions(env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ["scripts/clearsessions.mjs"], { encoding: "utf8", env: { ...process.env, ...env } });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

describe("scripts/clearsessions.mjs", () => {
  it("deletes expired sessions and keeps live ones", async () => {
    const { user } = await createTestUser();
    // Idle past the sliding age (its absolute limit is still ahead), and past the absolute limit.
    await createSession(user.id, { now: new Date(Date.now() - (authConfig.sessionAge + 60) * 1000) });
    await createSession(user.id, { now: new Date(Date.now() - (authConfig.sessionAbsoluteAge + 60) * 1000) });
    const live = await createSession(user.id);

    expect(clearsessions()).toMatch(/deleted \d+ expired session/);

    const left = await db.session.findMany({ where: { userId: user.id }, select: { keyHash: true } });
    expect(left.map((s) => s.keyHash)).toEqual([hashSessionKey(live.key)]);
  });

  it("deletes throttle counters idle past THROTTLE_RESET_AFTER whose block is over, and only those", async () => {
    const now = Date.now();
    const hour = 3600 * 1000;
    const rows = {
      idle: { lastAttempt: now - 2 * hour, blockedUntil: 0 },
      recent: { lastAttempt: now - 60_000, blockedUntil: 0 },
      stillBlocked: { lastAttempt: now - 2 * hour, blockedUntil: now + hour },
    };
    const key = (name: string) => `test:${name}:${randomUsername()}`;
    const keys = Object.fromEntries(Object.keys(rows).map((name) => [name, key(name)]));
    for (const [name, row] of Object.entries(rows)) {
      await db.throttle.create({
        data: { key: keys[name]!, attempts: 3, lastAttempt: BigInt(row.lastAttempt), blockedUntil: BigInt(row.blockedUntil) },
      });
    }
    expect(clearsessions({ THROTTLE_RESET_AFTER: "3600" })).toMatch(/and [1-9]\d* idle throttle counter/);
    const left = await db.throttle.findMany({ where: { key: { in: Object.values(keys) } }, select: { key: true } });
    expect(left.map((row) => row.key).sort()).toEqual([keys.recent, keys.stillBlocked].sort());
  });
});
