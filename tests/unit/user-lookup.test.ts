import { describe, expect, it } from "vitest";
import { findUserForLogin, listUsers } from "@/lib/auth/account/users";
import { createTestUser } from "../support/users";

describe("user lookups with names the database cannot hold", () => {
  it("finds a user by name", async () => {
    const { user } = await createTestUser();
    expect((await findUserForLogin(user.username))?.id).toBe(user.id);
  });

  // PostgreSQL refuses a NUL in any text parameter; a login with one must be an unknown user, not a 500.
  it("treats a name with a NUL character as unknown, on every database", async () => {
    const { user } = await createTestUser();
    expect(await findUserForLogin(`${user.username}\0`)).toBeNull();
    expect(await findUserForLogin("\0")).toBeNull();
  });

  it("finds nobody, without an error, when a search holds a NUL character", async () => {
    expect(await listUsers({ search: "a\0", offset: 0, limit: 10 })).toEqual({ users: [], total: 0 });
  });
});
