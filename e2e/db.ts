import Database from "better-sqlite3";

// Read-only access to the e2e server's SQLite file (playwright.config.ts puts its path in
// E2E_DATABASE_PATH), to check what the app stores rather than only what it answers.

export type UserRow = {
  id: number;
  username: string;
  password: string;
  last_login: string | number | null;
};

export type SessionRow = Record<string, unknown> & { session_key_hash: string; user_id: number };

function withDatabase<T>(read: (db: Database.Database) => T): T {
  const path = process.env.E2E_DATABASE_PATH;
  if (!path) throw new Error("E2E_DATABASE_PATH is not set (playwright.config.ts sets it)");
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

export function findUser(username: string): UserRow | undefined {
  return withDatabase(
    (db) => db.prepare("SELECT * FROM auth_user WHERE username = ?").get(username) as UserRow | undefined,
  );
}

export function sessionsOfUser(userId: number): SessionRow[] {
  return withDatabase(
    (db) => db.prepare("SELECT * FROM auth_session WHERE user_id = ?").all(userId) as SessionRow[],
  );
}

/** Prisma's SQLite adapter stores DateTime as ISO text or epoch milliseconds, depending on its options. */
export function storedDate(value: string | number | null): Date | null {
  if (value === null) return null;
  return new Date(typeof value === "number" ? value : /^\d+$/.test(value) ? Number(value) : value);
}
