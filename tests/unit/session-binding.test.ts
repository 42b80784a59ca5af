import { describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/auth/password/hash";
import { createSession, cycleSessionKey, validateSessionKey } from "@/lib/auth/session/records";
import { endAllSessions, findUserForLogin, setPassword } from "@/lib/auth/account/users";
import { createTestUser } from "../support/users";

// A session is bound to the credentials its login checked (Django's session auth hash): a login
// that read the old password before a change finished must not leave a working session behind.

describe("sessions bound to the password", () => {
  it("a session started from a check of the old password does not survive a change that finished first", async () => {
    const { user } = await createTestUser();
    // The login read the row and checked the password (slow: bcrypt) …
    const checked = (await findUserForLogin(user.username))!;
    // … meanwhile the password change went through …
    await setPassword(user.id, await hashPassword("a brand new passphrase 42"));
    // … and only then did the login store its session.
    const { key } = await createSession(user.id, { authVersion: checked.authVersion });
    expect(await validateSessionKey(key)).toBeNull();
  });

  it("a key cycled at login with a stale check is refused too", async () => {
    const { user } = await createTestUser();
    const checked = (await findUserForLogin(user.username))!;
    const anonymous = await createSession(null);
    await setPassword(user.id, await hashPassword("a brand new passphrase 43"));
    const cycled = await cycleSessionKey(anonymous.key, user.id, { authVersion: checked.authVersion });
    expect(cycled).not.toBeNull();
    expect(await validateSessionKey(cycled!.key)).toBeNull();
  });

  it("sessions of the current credentials work; ending all of them ends those started meanwhile", async () => {
    const { user } = await createTestUser();
    const checked = (await findUserForLogin(user.username))!;
    const { key } = await createSession(user.id, { authVersion: checked.authVersion });
    expect((await validateSessionKey(key))?.user.id).toBe(user.id);
    await endAllSessions(user.id);
    expect(await validateSessionKey(key)).toBeNull();
    const late = await createSession(user.id, { authVersion: checked.authVersion });
    expect(await validateSessionKey(late.key)).toBeNull();
  });
});
