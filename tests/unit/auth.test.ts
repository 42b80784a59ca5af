import bcrypt from "bcryptjs";
import * as bcryptPool from "@/lib/auth/password/pool";
import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { authenticate, setUserActive } from "@/lib/auth";
import { createSession, validateSessionKey } from "@/lib/auth/session/records";
import { createUser } from "@/lib/auth/account/users";
import { authConfig } from "@/lib/auth/config";
import { createTestUser, randomUsername } from "../support/users";

describe("signup and authenticate", () => {
  it("creates a user who can authenticate; the password is not stored", async () => {
    const username = randomUsername();
    const result = await createUser(username, "a-good-long-password");
    expect(result.ok).toBe(true);
    const row = await db.user.findUniqueOrThrow({ where: { username } });
    expect(row.passwordHash).not.toContain("a-good-long-password");
    expect(row.lastLogin).toBeNull();
    expect((await authenticate(username, "a-good-long-password"))?.username).toBe(username);
  });

  it("refuses a taken username", async () => {
    const { user } = await createTestUser();
    expect(await createUser(user.username, "another-password")).toEqual({
      ok: false,
      reason: "username_taken",
    });
  });

  it("lets exactly one of several simultaneous signups of a name through", async () => {
    const username = randomUsername();
    const results = await Promise.all(Array.from({ length: 8 }, () => createUser(username, "a-good-long-password")));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await db.user.count({ where: { username } })).toBe(1);
  });

  it("refuses a wrong password, an unknown user and an inactive user alike", async () => {
    const { user, password } = await createTestUser();
    expect(await authenticate(user.username, "wrong-password")).toBeNull();
    expect(await authenticate(randomUsername(), password)).toBeNull();
    await db.user.update({ where: { id: user.id }, data: { isActive: false } });
    expect(await authenticate(user.username, password)).toBeNull();
  });

  it("upgrades a hash made at a lower cost on the next successful login", async () => {
    const { user, password } = await createTestUser();
    const { createHash } = await import("node:crypto");
    const prehashed = createHash("sha256").update(password).digest("hex");
    const weak = `bcrypt_sha256$${await bcrypt.hash(prehashed, authConfig.bcryptCost - 1)}`;
    await db.user.update({ where: { id: user.id }, data: { passwordHash: weak } });

    expect(await authenticate(user.username, "wrong-password")).toBeNull();
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(weak);

    expect(await authenticate(user.username, password)).not.toBeNull();
    const upgraded = (await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash;
    expect(upgraded).not.toBe(weak);
    expect(bcrypt.getRounds(upgraded.slice("bcrypt_sha256$".length))).toBe(authConfig.bcryptCost);
    expect(await authenticate(user.username, password)).not.toBeNull();
  });

  it("does the same hashing work for an unknown user as for a wrong password", async () => {
    const { user } = await createTestUser();
    // bcrypt runs in worker threads; what the pool is asked to compare is what this test sees.
    const compare = vi.spyOn(bcryptPool, "bcryptCompare");
    try {
      await authenticate(user.username, "wrong-password");
      const forWrong = compare.mock.calls.map(([, hash]) => bcrypt.getRounds(hash as string));
      compare.mockClear();
      await authenticate(randomUsername(), "wrong-password");
      const forUnknown = compare.mock.calls.map(([, hash]) => bcrypt.getRounds(hash as string));
      expect(forWrong).toEqual([authConfig.bcryptCost]);
      expect(forUnknown).toEqual(forWrong);
    } finally {
      compare.mockRestore();
    }
  });

  it("deactivation deletes the user's sessions at once; reactivation does not revive them", async () => {
    const { user, password } = await createTestUser();
    const a = await createSession(user.id);
    const b = await createSession(user.id);
    expect((await setUserActive(user.id, false))?.isActive).toBe(false);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await authenticate(user.username, password)).toBeNull();
    expect((await setUserActive(user.id, true))?.isActive).toBe(true);
    expect(await validateSessionKey(a.key)).toBeNull();
    expect(await validateSessionKey(b.key)).toBeNull();
    expect(await authenticate(user.username, password)).not.toBeNull();
    expect(await setUserActive(999_999_999, false)).toBeNull();
  });
});

describe("usernames ignore case", () => {
  it("refuses Alice once alice exists, and logs in whatever the case typed", async () => {
    const name = randomUsername();
    expect((await createUser(name, "a-good-long-password")).ok).toBe(true);
    expect(await createUser(name.toUpperCase(), "a-good-long-password")).toEqual({ ok: false, reason: "username_taken" });
    expect((await authenticate(name.toUpperCase(), "a-good-long-password"))?.username).toBe(name);
  });
});
