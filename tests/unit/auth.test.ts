import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { authenticate, signup } from "@/lib/auth";
import { authConfig } from "@/lib/auth/config";
import { createTestUser, randomUsername } from "../support/users";

describe("signup and authenticate", () => {
  it("creates a user who can authenticate; the password is not stored", async () => {
    const username = randomUsername();
    const result = await signup({ username, password: "a-good-long-password" });
    expect(result.ok).toBe(true);
    const row = await db.user.findUniqueOrThrow({ where: { username } });
    expect(row.passwordHash).not.toContain("a-good-long-password");
    expect(row.lastLogin).toBeNull();
    expect((await authenticate(username, "a-good-long-password"))?.username).toBe(username);
  });

  it("refuses a taken username", async () => {
    const { user } = await createTestUser();
    expect(await signup({ username: user.username, password: "another-password" })).toEqual({
      ok: false,
      reason: "username_taken",
    });
  });

  it("lets exactly one of several simultaneous signups of a name through", async () => {
    const username = randomUsername();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => signup({ username, password: "a-good-long-password" })),
    );
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
});
