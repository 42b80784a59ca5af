import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { authConfig } from "@/lib/auth/config";
import { createSession, deleteSession, hashSessionKey, validateSessionKey } from "@/lib/auth/session/records";
import { deleteUserSessionById, deleteUserSessions, listUserSessions } from "@/lib/auth/session/user-sessions";
import { createTestUser } from "../support/users";

const SECOND = 1000;

describe("session engine", () => {
  it("issues 32-byte random keys and stores only their SHA-256", async () => {
    const { user } = await createTestUser();
    const a = await createSession(user.id);
    const b = await createSession(user.id);
    expect(a.key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.key, "base64url")).toHaveLength(32);
    expect(a.key).not.toBe(b.key);

    const rows = await db.session.findMany({ where: { userId: user.id } });
    expect(rows.map((r) => r.keyHash).sort()).toEqual([hashSessionKey(a.key), hashSessionKey(b.key)].sort());
    expect(JSON.stringify(rows)).not.toContain(a.key);
  });

  it("validates a live key to its user and refuses unknown keys", async () => {
    const { user } = await createTestUser();
    const { key } = await createSession(user.id);
    const result = await validateSessionKey(key);
    expect(result?.user.id).toBe(user.id);
    expect(result?.user).not.toHaveProperty("passwordHash");
    expect(await validateSessionKey(key.slice(0, -1) + (key.endsWith("A") ? "B" : "A"))).toBeNull();
  });

  it("expires after the idle limit of its kind and deletes the expired row", async () => {
    const { user } = await createTestUser();
    const start = new Date();
    const browser = await createSession(user.id, { now: start });
    const remembered = await createSession(user.id, { now: start, persistent: true });
    const afterIdle = new Date(start.getTime() + authConfig.sessionIdleTimeout * SECOND + SECOND);
    expect(authConfig.sessionIdleTimeout).toBeLessThan(authConfig.sessionAge);
    expect(await validateSessionKey(browser.key, afterIdle)).toBeNull();
    expect(await db.session.count({ where: { keyHash: hashSessionKey(browser.key) } })).toBe(0);
    expect(await validateSessionKey(remembered.key, afterIdle)).not.toBeNull();
    const afterAge = new Date(afterIdle.getTime() + authConfig.sessionAge * SECOND + SECOND);
    expect(await validateSessionKey(remembered.key, afterAge)).toBeNull();
  });

  it("slides the expiry at most once a minute, never beyond the absolute limit", async () => {
    const { user } = await createTestUser();
    const start = new Date();
    const { key, session } = await createSession(user.id, { now: start, persistent: true });
    const stored = async () => (await db.session.findUniqueOrThrow({ where: { keyHash: hashSessionKey(key) } })).expiresAt;

    const soon = new Date(start.getTime() + 30 * SECOND);
    expect((await validateSessionKey(key, soon))?.session.expiresAt).toEqual(session.expiresAt);
    expect(await stored()).toEqual(session.expiresAt);

    const later = new Date(start.getTime() + 61 * SECOND);
    const renewed = await validateSessionKey(key, later);
    expect(renewed?.session.expiresAt.getTime()).toBe(later.getTime() + authConfig.sessionAge * SECOND);
    expect(await stored()).toEqual(renewed?.session.expiresAt);

    // Kept alive by activity, it still ends at the absolute limit.
    let now = later;
    while (now < session.absoluteExpiresAt) {
      now = new Date(now.getTime() + authConfig.sessionAge * SECOND * 0.6);
      const result = await validateSessionKey(key, now);
      if (now >= session.absoluteExpiresAt) expect(result).toBeNull();
      else expect(result?.session.expiresAt.getTime()).toBeLessThanOrEqual(session.absoluteExpiresAt.getTime());
    }
  });

  it("refuses the sessions of an inactive user", async () => {
    const { user } = await createTestUser();
    const { key } = await createSession(user.id);
    await db.user.update({ where: { id: user.id }, data: { isActive: false } });
    expect(await validateSessionKey(key)).toBeNull();
  });

  it("revokes one session, or all of a user's", async () => {
    const { user } = await createTestUser();
    const a = await createSession(user.id);
    const b = await createSession(user.id);
    await deleteSession(a.key);
    expect(await validateSessionKey(a.key)).toBeNull();
    expect(await validateSessionKey(b.key)).not.toBeNull();
    expect(await deleteUserSessions(user.id)).toBe(1);
    expect(await validateSessionKey(b.key)).toBeNull();
  });

  it("deletes a user's sessions with the user", async () => {
    const { user } = await createTestUser();
    const { key } = await createSession(user.id);
    await db.user.delete({ where: { id: user.id } });
    expect(await db.session.count({ where: { keyHash: hashSessionKey(key) } })).toBe(0);
  });

  it("lists sessions under ids that show nothing of the stored hash; an id ends only its owner's session", async () => {
    const { user } = await createTestUser();
    const { user: stranger } = await createTestUser();
    const { key } = await createSession(user.id);
    const { key: other } = await createSession(user.id);
    const listed = await listUserSessions(user.id, key);
    expect(listed).toHaveLength(2);
    for (const summary of listed) {
      expect(summary.id).toMatch(/^[0-9a-f]{16}$/);
      for (const k of [key, other]) expect(hashSessionKey(k)).not.toContain(summary.id.slice(0, 6));
    }
    const otherId = listed.find((s) => !s.current)!.id;
    expect(await deleteUserSessionById(stranger.id, otherId)).toBe(0);
    expect(await deleteUserSessionById(user.id, otherId)).toBe(1);
    expect(await validateSessionKey(other)).toBeNull();
    expect(await validateSessionKey(key)).not.toBeNull();
  });
});
