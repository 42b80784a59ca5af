import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { mapDjangoUser, type MappedUser } from "@/lib/auth/django/user-row";
import { importUserBatch, newImportRun } from "@/lib/auth/django/import";
import { setUserActive } from "@/lib/auth";
import { createSession, validateSessionKey } from "@/lib/auth/session/records";
import { recordLogin } from "@/lib/auth/account/users";
import { TEST_PROVIDER } from "../support/databases.mjs";
import { createTestUser } from "../support/users";

// Mapping Django's auth_user rows and writing them in batches. The whole command against a
// database made by Django itself is e2e/django-import.spec.ts.

const HASH = "pbkdf2_sha256$1000$fixedsalt123$2opng+K9Tcw5bJM88h8C5dsooPAIobrXZMTQQZ59ntU=";
let nextId = 1;

/** A row as Django's SQLite backend returns it: 0/1 flags, text datetimes in UTC. */
function sqliteRow(username: string, extra: Record<string, unknown> = {}) {
  return {
    id: nextId++,
    username,
    password: HASH,
    email: "",
    is_active: 1,
    is_staff: 0,
    is_superuser: 0,
    date_joined: "2024-03-01 10:20:30.123456",
    last_login: null,
    ...extra,
  };
}

function mapped(row: Record<string, unknown>): MappedUser {
  const result = mapDjangoUser(row);
  if (!result.ok) throw new Error(result.reason);
  return result.user;
}

const tag = () => randomBytes(4).toString("hex");

describe("mapping a Django auth_user row", () => {
  it("reads SQLite's and PostgreSQL's shapes alike, keeping milliseconds in UTC", () => {
    const fromSqlite = mapped(sqliteRow("ann", { email: " Ann@Example.COM ", is_staff: 1, last_login: "2024-05-06 07:08:09.999999" }));
    expect(fromSqlite).toMatchObject({ username: "ann", email: "ann@example.com", isStaff: true, isActive: true, passwordHash: HASH, loginProblem: null });
    expect(fromSqlite.dateJoined.toISOString()).toBe("2024-03-01T10:20:30.123Z");
    expect(fromSqlite.lastLogin!.toISOString()).toBe("2024-05-06T07:08:09.999Z");
    const fromPostgres = mapped({ ...sqliteRow("ann"), id: 7n, is_active: false, date_joined: new Date("2024-03-01T10:20:30.123Z") });
    expect(fromPostgres).toMatchObject({ djangoId: 7, isActive: false, email: null });
  });

  it("skips names this app refuses, with the reason, and never rewrites one", () => {
    expect(mapDjangoUser(sqliteRow("bad name"))).toMatchObject({ ok: false, reason: expect.stringContaining("Use only letters") });
    expect(mapDjangoUser(sqliteRow("éva"))).toMatchObject({ ok: false });
    expect(mapDjangoUser(sqliteRow("ｂob"))).toMatchObject({ ok: false, reason: expect.stringContaining('would change to "bob"') });
    expect(mapDjangoUser({ id: 3, username: "x" })).toMatchObject({ ok: false, djangoId: 3, reason: expect.stringMatching(/^unreadable /) });
    expect(mapDjangoUser(sqliteRow("nul", { password: "pbkdf2\0" }))).toMatchObject({ ok: false, reason: "unreadable password" });
  });

  it("blanks an invalid email and says why; notes passwords that cannot log in", () => {
    expect(mapped(sqliteRow("cat", { email: "not an email" }))).toMatchObject({ email: null, emailProblem: "not a valid email address" });
    expect(mapped(sqliteRow("dan", { password: "!abc" }))).toMatchObject({ loginProblem: expect.stringContaining("unusable") });
    expect(mapped(sqliteRow("eve", { password: "argon2$argon2id$v=19$m=1,t=1,p=1$c2FsdA$aGFzaA" }))).toMatchObject({
      loginProblem: expect.stringMatching(/^argon2: /),
    });
  });
});

describe("imported password hashes", () => {
  // A bcrypt hash of another cost, well formed: its digest need not match anything here.
  const bcryptAt = (prefix: string, cost: number) => `${prefix}$2b$${String(cost).padStart(2, "0")}$${"a".repeat(53)}`;

  it("refuses a row whose bcrypt cost is above 16, saying why", () => {
    for (const prefix of ["bcrypt$", "bcrypt_sha256$"]) {
      expect(mapDjangoUser(sqliteRow("costly", { password: bcryptAt(prefix, 17) }))).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/bcrypt cost 17 is above 16/),
      });
      expect(mapDjangoUser(sqliteRow("sixteen", { password: bcryptAt(prefix, 16) }))).toMatchObject({ ok: true });
    }
  });

  it("flags PBKDF2 below 100,000 iterations, PBKDF2-SHA1 and bcrypt below cost 10 as weak", () => {
    expect(mapped(sqliteRow("few", { password: HASH })).weakHash).toMatch(/1000 iterations, fewer than 100000/);
    expect(mapped(sqliteRow("sha1", { password: "pbkdf2_sha1$260000$salt$aX/HuGXIJD9U62wewqcVK5mK6q8=" })).weakHash).toMatch(/SHA-1/);
    expect(mapped(sqliteRow("cheap", { password: bcryptAt("bcrypt$", 9) })).weakHash).toMatch(/cost 9, below 10/);
    expect(mapped(sqliteRow("cheap256", { password: bcryptAt("bcrypt_sha256$", 8) })).weakHash).toMatch(/cost 8, below 10/);
    for (const password of ["pbkdf2_sha256$100000$salt$aGFzaA==", bcryptAt("bcrypt$", 10), bcryptAt("bcrypt_sha256$", 12), "!unusable"]) {
      expect(mapped(sqliteRow("fine", { password })).weakHash).toBeNull();
    }
  });
});

describe("importing a batch", () => {
  it("creates, then finds the same accounts unchanged; a change in Django updates", async () => {
    const t = tag();
    const rows = [sqliteRow(`imp_a_${t}`, { email: `a_${t}@x.org` }), sqliteRow(`imp_b_${t}`, { is_superuser: 1, is_staff: 1 })];
    const first = await importUserBatch(rows.map(mapped), newImportRun());
    expect(first.map((o) => o.outcome)).toEqual(["created", "created"]);
    const again = await importUserBatch(rows.map(mapped), newImportRun());
    expect(again.map((o) => o.outcome)).toEqual(["unchanged", "unchanged"]);
    const changed = await importUserBatch([mapped({ ...rows[0], is_active: 0 }), mapped(rows[1]!)], newImportRun());
    expect(changed.map((o) => o.outcome)).toEqual(["updated", "unchanged"]);
    expect(await db.user.findUniqueOrThrow({ where: { username: `imp_a_${t}` } })).toMatchObject({ isActive: false, passwordHash: HASH });
  });

  it("never merges names that differ only in case, nor takes over an account of this app", async () => {
    const t = tag();
    const { user: native } = await createTestUser();
    const outcomes = await importUserBatch(
      [mapped(sqliteRow(`imp_c_${t}`)), mapped(sqliteRow(`IMP_C_${t}`)), mapped(sqliteRow(native.username.toUpperCase()))],
      newImportRun(),
    );
    expect(outcomes.map((o) => o.outcome)).toEqual(["created", "skipped", "skipped"]);
    expect(outcomes[1]).toMatchObject({ reason: `same name as "imp_c_${t}" here (case and width are ignored)` });
    expect(outcomes[2]).toMatchObject({ reason: expect.stringContaining("not imported from this database") });
    expect((await db.user.findUniqueOrThrow({ where: { id: native.id } })).passwordHash).not.toBe(HASH);
  });

  it("gives a duplicate email to the first user only, across batches and against this app's users", async () => {
    const t = tag();
    const run = newImportRun();
    const email = `dup_${t}@x.org`;
    const [first] = await importUserBatch([mapped(sqliteRow(`imp_d_${t}`, { email }))], run);
    const [second] = await importUserBatch([mapped(sqliteRow(`imp_e_${t}`, { email: email.toUpperCase() }))], run);
    expect(first).toMatchObject({ outcome: "created", emailBlanked: null });
    expect(second).toMatchObject({ outcome: "created", emailBlanked: `the same email as "imp_d_${t}" (emails are unique here)` });
    expect(await db.user.findUniqueOrThrow({ where: { username: `imp_e_${t}` } })).toMatchObject({ email: null });
    const { user: native } = await createTestUser();
    await db.user.update({ where: { id: native.id }, data: { email: `native_${t}@x.org` } });
    const [third] = await importUserBatch([mapped(sqliteRow(`imp_n_${t}`, { email: `native_${t}@x.org` }))], newImportRun());
    expect(third).toMatchObject({ outcome: "created", emailBlanked: `the same email as "${native.username}" (emails are unique here)` });
  });

  it("keeps this app's record of a user who logged in here since the import", async () => {
    const t = tag();
    const row = sqliteRow(`imp_f_${t}`);
    await importUserBatch([mapped(row)], newImportRun());
    await db.user.update({ where: { username: `imp_f_${t}` }, data: { lastLogin: new Date(), passwordHash: "bcrypt_sha256$upgraded" } });
    const [outcome] = await importUserBatch([mapped({ ...row, is_staff: 1 })], newImportRun());
    expect(outcome).toMatchObject({ outcome: "skipped", reason: expect.stringContaining("logged in on this app") });
    expect(await db.user.findUniqueOrThrow({ where: { username: `imp_f_${t}` } })).toMatchObject({ isStaff: false, passwordHash: "bcrypt_sha256$upgraded" });
  });

  it("writes a batch whole or not at all, so a rerun resumes cleanly", async () => {
    const t = tag();
    const good = mapped(sqliteRow(`imp_g_${t}`));
    const broken = { ...mapped(sqliteRow(`imp_h_${t}`)), dateJoined: new Date(Number.NaN) }; // refused by the database layer
    await expect(importUserBatch([good, broken], newImportRun())).rejects.toThrow();
    expect(await db.user.count({ where: { username: { in: [`imp_g_${t}`, `imp_h_${t}`] } } })).toBe(0);
    const rerun = await importUserBatch([good, mapped(sqliteRow(`imp_h_${t}`))], newImportRun());
    expect(rerun.map((o) => o.outcome)).toEqual(["created", "created"]);
  });

  // The running app writes to the same SQLite file. A transaction that has read and then meets
  // another connection's write lock is refused at once, without the busy timeout: tried again.
  it.skipIf(TEST_PROVIDER !== "sqlite")(
    "waits out another connection's write lock and still writes the batch",
    async () => {
      const t = tag();
      const other = new Database(process.env.DATABASE_URL!.replace(/^file:/, ""));
      other.exec("BEGIN IMMEDIATE");
      const release = setTimeout(() => other.exec("COMMIT"), 500);
      try {
        const outcomes = await importUserBatch([mapped(sqliteRow(`imp_l_${t}`))], newImportRun());
        expect(outcomes.map((o) => o.outcome)).toEqual(["created"]);
      } finally {
        clearTimeout(release);
        if (other.inTransaction) other.exec("COMMIT");
        other.close();
      }
      expect(await db.user.count({ where: { username: `imp_l_${t}` } })).toBe(1);
    },
    30_000,
  );
});

describe("re-importing users who have sessions here", () => {
  const OTHER_HASH = "pbkdf2_sha256$1000$othersalt9876$2opng+K9Tcw5bJM88h8C5dsooPAIobrXZMTQQZ59ntU=";

  /** Imports a user, gives them a live session here, and returns what is needed to look again. */
  async function importedWithSession(name: string) {
    await importUserBatch([mapped(sqliteRow(name, { last_login: "2024-05-01 08:00:00" }))], newImportRun());
    const row = await db.user.findUniqueOrThrow({ where: { username: name } });
    const { key } = await createSession(row.id, { authVersion: row.authVersion });
    expect((await validateSessionKey(key))?.user.username).toBe(name);
    return { id: row.id, key };
  }
  // Django's side changed after the user's last login here: a later last_login there.
  const later = { last_login: "2024-06-01 08:00:00" };

  it("a changed password ends the user's sessions here", async () => {
    const name = `pw_${tag()}`;
    const { key } = await importedWithSession(name);
    const [outcome] = await importUserBatch([mapped(sqliteRow(name, { ...later, password: OTHER_HASH }))], newImportRun());
    expect(outcome).toMatchObject({ outcome: "updated" });
    expect(await validateSessionKey(key)).toBeNull();
    expect(await db.session.count({ where: { user: { username: name } } })).toBe(0);
  });

  it("a deactivation ends the user's sessions here", async () => {
    const name = `off_${tag()}`;
    const { key } = await importedWithSession(name);
    await importUserBatch([mapped(sqliteRow(name, { ...later, is_active: 0 }))], newImportRun());
    expect(await validateSessionKey(key)).toBeNull();
    expect(await db.session.count({ where: { user: { username: name } } })).toBe(0);
  });

  it("a user deactivated here stays deactivated, whatever Django says", async () => {
    const name = `kept_${tag()}`;
    const { id } = await importedWithSession(name);
    await setUserActive(id, false);
    const [outcome] = await importUserBatch([mapped(sqliteRow(name, { ...later, is_active: 1, email: `${name}@example.org` }))], newImportRun());
    expect(outcome).toMatchObject({ outcome: "updated" });
    expect(await db.user.findUniqueOrThrow({ where: { id } })).toMatchObject({ isActive: false, email: `${name}@example.org` });
  });

  it("ends the sessions of a user who logged in here since, when Django deactivated them or changed their password", async () => {
    for (const change of [{ is_active: 0 }, { password: OTHER_HASH }]) {
      const name = `here_${tag()}`;
      await importUserBatch([mapped(sqliteRow(name, { last_login: "2024-05-01 08:00:00" }))], newImportRun());
      const row = await db.user.findUniqueOrThrow({ where: { username: name } });
      await recordLogin(row.id, new Date()); // what login() does: this app's record is now newer
      const { key } = await createSession(row.id, { authVersion: row.authVersion });
      // Django's side did not log in again: its last_login is older than this app's.
      await importUserBatch([mapped(sqliteRow(name, { last_login: "2024-05-01 08:00:00", ...change }))], newImportRun());
      expect(await validateSessionKey(key), JSON.stringify(change)).toBeNull();
      const after = await db.user.findUniqueOrThrow({ where: { id: row.id } });
      if ("is_active" in change) expect(after.isActive).toBe(false);
      else expect(after.passwordHash).toBe(OTHER_HASH);
    }
  });

  it("keeps a password upgraded here when Django's did not change", async () => {
    const name = `kept_pw_${tag()}`;
    await importUserBatch([mapped(sqliteRow(name, { last_login: "2024-05-01 08:00:00" }))], newImportRun());
    const row = await db.user.findUniqueOrThrow({ where: { username: name } });
    await db.user.update({ where: { id: row.id }, data: { passwordHash: "bcrypt_sha256$upgraded-here" } });
    await recordLogin(row.id, new Date());
    const { key } = await createSession(row.id, { authVersion: row.authVersion });
    await importUserBatch([mapped(sqliteRow(name, { last_login: "2024-05-01 08:00:00" }))], newImportRun());
    expect((await db.user.findUniqueOrThrow({ where: { id: row.id } })).passwordHash).toBe("bcrypt_sha256$upgraded-here");
    expect(await validateSessionKey(key)).not.toBeNull();
  });

  it("an unchanged re-import leaves the sessions alone", async () => {
    const name = `same_${tag()}`;
    const { key } = await importedWithSession(name);
    await importUserBatch([mapped(sqliteRow(name, { last_login: "2024-05-01 08:00:00" }))], newImportRun());
    expect(await validateSessionKey(key)).not.toBeNull();
  });
});
