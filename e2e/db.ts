import Database from "better-sqlite3";
import pg from "pg";

// Read-only access to the e2e server's database (playwright.config.ts puts its URL in
// E2E_DATABASE_URL: a SQLite file or a PostgreSQL database), to check what the app stores rather
// than only what it answers.

export type UserRow = {
  id: number;
  username: string;
  password: string;
  last_login: string | number | Date | null;
};

export type SessionRow = Record<string, unknown> & { session_key_hash: string; user_id: number };

// Prisma stores DateTime in PostgreSQL as `timestamp` (no zone) holding UTC; pg would read it as
// local time.
const TIMESTAMP_OID = 1114;
const pgTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_OID && format !== "binary"
      ? (value: string) => new Date(`${value.replace(" ", "T")}Z`)
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig["getTypeParser"],
};

/** Runs one SELECT written with $1, $2… placeholders (each used once, in order). */
async function select<T>(sql: string, params: unknown[]): Promise<T[]> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set (playwright.config.ts sets it)");
  if (url.startsWith("file:")) {
    const db = new Database(url.slice("file:".length), { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql.replace(/\$\d+/g, "?")).all(...params) as T[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url, types: pgTypes });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

export async function findUser(username: string): Promise<UserRow | undefined> {
  return (await select<UserRow>("SELECT * FROM auth_user WHERE username = $1", [username]))[0];
}

export async function sessionsOfUser(userId: number): Promise<SessionRow[]> {
  return select<SessionRow>("SELECT * FROM auth_session WHERE user_id = $1", [userId]);
}

/** Prisma's SQLite adapter stores DateTime as ISO text or epoch milliseconds, depending on its options. */
export function storedDate(value: string | number | Date | null): Date | null {
  if (value === null || value instanceof Date) return value;
  return new Date(typeof value === "number" ? value : /^\d+$/.test(value) ? Number(value) : value);
}
