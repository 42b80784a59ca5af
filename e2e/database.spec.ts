import { createHash } from "node:crypto";
import { findUser, sessionsOfUser, storedDate } from "./support/db";
import { expect, test } from "./support/fixtures";
import { sessionCookie, unsealCookie } from "./support/session-cookie";

// What the app writes to the database, read straight from the e2e server's database.

test("the session table stores only the SHA-256 of the key", async ({ context, apiUser, loginPage }, testInfo) => {
  await loginPage.loginSuccessfully(apiUser);
  const cookie = (await sessionCookie(context))!.value;
  const key = (await unsealCookie(cookie, testInfo)).k as string;

  const sessions = await sessionsOfUser((await findUser(apiUser.username))!.id);
  expect(sessions).toHaveLength(1);
  const row = sessions[0]!;
  expect(row.session_key_hash).toMatch(/^[0-9a-f]{64}$/);
  expect(row.session_key_hash).toBe(createHash("sha256").update(key).digest("hex"));
  for (const value of Object.values(row)) {
    expect(String(value)).not.toContain(cookie);
    expect(String(value)).not.toContain(key);
  }
});

test("passwords are stored as bcrypt_sha256 hashes, never in plain text", async ({ apiUser }) => {
  const user = await findUser(apiUser.username);
  expect(user).toBeDefined();
  expect(user!.password.startsWith("bcrypt_sha256$")).toBe(true);
  expect(user!.password).not.toContain(apiUser.password);
});

test("last_login is empty after signup and set by a login", async ({ apiUser, loginPage }) => {
  expect((await findUser(apiUser.username))!.last_login).toBeNull();

  const before = Date.now();
  await loginPage.loginSuccessfully(apiUser);
  const lastLogin = storedDate((await findUser(apiUser.username))!.last_login);
  expect(lastLogin).not.toBeNull();
  expect(lastLogin!.getTime()).toBeGreaterThanOrEqual(before - 5_000);
  expect(lastLogin!.getTime()).toBeLessThanOrEqual(Date.now() + 5_000);
});

test("logging out deletes the session row", async ({ apiUser, loginPage, profilePage }) => {
  await loginPage.loginSuccessfully(apiUser);
  const userId = (await findUser(apiUser.username))!.id;
  expect(await sessionsOfUser(userId)).toHaveLength(1);

  await profilePage.logout();
  expect(await sessionsOfUser(userId)).toHaveLength(0);
});
