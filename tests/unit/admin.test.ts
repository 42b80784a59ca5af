import { describe, expect, it } from "vitest";
import { endUserSessions, listUsers } from "@/lib/auth";
import { createSession } from "@/lib/auth/session/records";
import { createUser } from "@/lib/auth/account/users";
import { authConfig } from "@/lib/auth/config";
import { randomUsername } from "../support/users";

async function userNamed(username: string) {
  const result = await createUser(username, "a-good-long-password");
  if (!result.ok) throw new Error("could not create a test user");
  return result.user;
}

describe("listing users for staff", () => {
  it("searches usernames case-insensitively, and takes % and _ literally", async () => {
    const tag = randomUsername().slice(5); // hex, unique to this test
    const names = [`Search_${tag}`, `search.${tag}`, `other${tag}`, `xsearch%${tag}`];
    for (const name of names) await userNamed(name);

    const found = await listUsers(`SEARCH_${tag}`.toLowerCase(), 1, 50);
    expect(found.users.map((user) => user.username)).toEqual([`Search_${tag}`]);
    expect(found.total).toBe(1);
    expect((await listUsers(`SEARCH`, 1, 50)).users.map((user) => user.username)).toEqual(
      expect.arrayContaining([`Search_${tag}`, `search.${tag}`, `xsearch%${tag}`]),
    );
    expect((await listUsers(`%${tag}`, 1, 50)).users.map((user) => user.username)).toEqual([`xsearch%${tag}`]);
    expect((await listUsers(tag, 1, 50)).total).toBe(4);
  });

  it("pages through the matches in username order", async () => {
    const tag = randomUsername().slice(5);
    const names = Array.from({ length: 5 }, (_, n) => `page${n}_${tag}`);
    for (const name of [...names].reverse()) await userNamed(name);
    const first = await listUsers(tag, 1, 2);
    const third = await listUsers(tag, 3, 2);
    expect(first).toMatchObject({ total: 5 });
    expect(first.users.map((user) => user.username)).toEqual(names.slice(0, 2));
    expect(third.users.map((user) => user.username)).toEqual(names.slice(4));
    expect((await listUsers(tag, 4, 2)).users).toEqual([]);
  });

  it("counts live sessions only, never exposes the password hash, and ends them all", async () => {
    const user = await userNamed(randomUsername());
    await createSession(user.id);
    await createSession(user.id, { persistent: true });
    await createSession(user.id, { now: new Date(Date.now() - (authConfig.sessionIdleTimeout + 60) * 1000) });
    const [listed] = (await listUsers(user.username, 1, 50)).users;
    expect(listed).toMatchObject({ id: user.id, isActive: true, isStaff: false, isSuperuser: false, liveSessions: 2 });
    expect(listed).not.toHaveProperty("passwordHash");
    expect(listed).not.toHaveProperty("password");
    expect(await endUserSessions(user.id)).toBe(3);
    expect((await listUsers(user.username, 1, 50)).users[0]?.liveSessions).toBe(0);
  });
});
