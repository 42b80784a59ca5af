import Database from "better-sqlite3";

// Read-only access to the e2e server's SQLite file (playwright.config.ts puts its path in
// E2E_DATABASE_PATH), to check what the app stores rather than only what it answers.

export type UserRow = {
  id: number;
  username: string;
  email: string | null;
  password: string;
  last_login: string | number | null;
  is_active: number;
  is_staff: number;
  is_superuser: number;
};

export type SessionRow = Record<string, unknown> & { session_key_hash: string; user_id: number };

function e2eDatabasePath(): string {
  const path = process.env.E2E_DATABASE_PATH;
  if (!path) throw new Error("E2E_DATABASE_PATH is not set (playwright.config.ts sets it)");
  return path;
}

// `path`: the main e2e server's database unless another instance's is named.
function withDatabase<T>(read: (db: Database.Database) => T, path = e2eDatabasePath()): T {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

export function findUser(username: string, path?: string): UserRow | undefined {
  return withDatabase(
    (db) => db.prepare("SELECT * FROM auth_user WHERE username = ?").get(username) as UserRow | undefined,
    path,
  );
}

export function sessionsOfUser(userId: number, path?: string): SessionRow[] {
  return withDatabase(
    (db) => db.prepare("SELECT * FROM auth_session WHERE user_id = ?").all(userId) as SessionRow[],
    path,
  );
}

/** Prisma's SQLite adapter stores DateTime as ISO text or epoch milliseconds, depending on its options. */
export function storedDate(value: string | number | null): Date | null {
  if (value === null) return null;
  return new Date(typeof value === "number" ? value : /^\d+$/.test(value) ? Number(value) : value);
}

function withWritableDatabase<T>(write: (db: Database.Database) => T, path = e2eDatabasePath()): T {
  const db = new Database(path, { fileMustExist: true, timeout: 5_000 });
  try {
    return write(db);
  } finally {
    db.close();
  }
}

/** Moves one of a user's session limits (idle or absolute) into the past, as time would. */
export function expireSessionsOfUser(userId: number, column: "expire_date" | "absolute_expire_date", path?: string): void {
  withWritableDatabase((db) => {
    const row = db.prepare(`SELECT ${column} AS value FROM auth_session WHERE user_id = ?`).get(userId) as
      | { value: string | number }
      | undefined;
    if (!row) throw new Error(`user ${userId} has no session`);
    const past = Date.now() - 1000;
    // Keep the column's storage format (ISO text or epoch milliseconds).
    const value = typeof row.value === "number" ? past : new Date(past).toISOString();
    db.prepare(`UPDATE auth_session SET ${column} = ? WHERE user_id = ?`).run(value, userId);
  }, path);
}

/** Flips is_active behind the app's back (the admin page does it through lib/auth). */
export function setUserActiveInDatabase(userId: number, active: boolean): void {
  withWritableDatabase((db) => db.prepare("UPDATE auth_user SET is_active = ? WHERE id = ?").run(active ? 1 : 0, userId));
}

/** Moves a user's session expiry `seconds` earlier, as if its last renewal were that long ago. */
export function ageSessionsOfUser(userId: number, seconds: number): void {
  withWritableDatabase((db) => {
    const row = db.prepare("SELECT expire_date AS value FROM auth_session WHERE user_id = ?").get(userId) as
      | { value: string | number }
      | undefined;
    if (!row) throw new Error(`user ${userId} has no session`);
    const earlier = storedDate(row.value)!.getTime() - seconds * 1000;
    const value = typeof row.value === "number" ? earlier : new Date(earlier).toISOString();
    db.prepare("UPDATE auth_session SET expire_date = ? WHERE user_id = ?").run(value, userId);
  });
}

/** Session rows whose user does not exist (the foreign key should make this always 0). */
export function orphanSessionCount(): number {
  return withDatabase(
    (db) =>
      (db.prepare("SELECT COUNT(*) AS n FROM auth_session s LEFT JOIN auth_user u ON u.id = s.user_id WHERE u.id IS NULL").get() as { n: number }).n,
  );
}

/** Grants or withdraws staff status, as `createsuperuser` or a database operator would. */
export function setUserStaffInDatabase(userId: number, staff: boolean): void {
  withWritableDatabase((db) => db.prepare("UPDATE auth_user SET is_staff = ? WHERE id = ?").run(staff ? 1 : 0, userId));
}
