import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { authConfig } from "@/lib/auth/config";
import { createSession, hashSessionKey } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { createTestUser } from "../support/users";

describe("scripts/clearsessions.mjs", () => {
  it("deletes expired sessions and keeps live ones", async () => {
    const { user } = await createTestUser();
    // Idle past the sliding age (its absolute limit is still ahead), and past the absolute limit.
    await createSession(user.id, { now: new Date(Date.now() - (authConfig.sessionAge + 60) * 1000) });
    await createSession(user.id, { now: new Date(Date.now() - (authConfig.sessionAbsoluteAge + 60) * 1000) });
    const live = await createSession(user.id);

    const result = spawnSync(process.execPath, ["scripts/clearsessions.mjs"], { encoding: "utf8", env: process.env });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/deleted \d+ expired session/);

    const left = await db.session.findMany({ where: { userId: user.id }, select: { keyHash: true } });
    expect(left.map((s) => s.keyHash)).toEqual([hashSessionKey(live.key)]);
  });
});
