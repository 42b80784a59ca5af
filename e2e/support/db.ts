import Database from "better-sqlite3";
import pg from "pg";

// Direct access to the e2e server's database (playwright.config.ts puts its URL in
// E2E_DATABASE_URL: a SQLite file or a PostgreSQL database), to check what the app stores rather
// than only what it answers, and to do what time or an administrator would.

export type UserRow = {
  id: number;
  username: string;
  email: string | null;
  password: string;
  last_login: string | number | Date | null;
  // 0 or 1, as SQLite stores them (PostgreSQL's booleans are turned into the same).
  is_active: number;
  is_staff: number;
  is_superuser: number;
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

function databaseUrl(): string {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set (playwright.config.ts sets it)");
  return url;
}

const isSqlite = () => databaseUrl().startsWith("file:");

/** Runs one statement written with $1, $2… placeholders (each used once, in order). */
async function query<T>(sql: string, params: unknown[], { write = false, url = databaseUrl() } = {}): Promise<T[]> {
  if (url.startsWith("file:")) {
    const db = new Database(url.slice("file:".length), { readonly: !write, fileMustExist: true, timeout: 5_000 });
    try {
      const statement = db.prepare(sql.replace(/\$\d+/g, "?"));
      return statement.reader ? (statement.all(...params) as T[]) : (statement.run(...params), []);
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

const FLAGS = ["is_active", "is_staff", "is_superuser"] as const;

// `url` in the helpers below: the main e2e server's database unless another instance's is named.

export async function findUser(username: string, url = databaseUrl()): Promise<UserRow | undefined> {
  // PostgreSQL text cannot hold a NUL (it refuses the query); no user can have one in its name.
  if (username.includes("\0")) return undefined;
  const row = (await query<Record<string, unknown>>("SELECT * FROM auth_user WHERE username = $1", [username], { url }))[0];
  if (!row) return undefined;
  for (const flag of FLAGS) if (typeof row[flag] === "boolean") row[flag] = row[flag] ? 1 : 0;
  return row as UserRow;
}

export async function sessionsOfUser(userId: number, url = databaseUrl()): Promise<SessionRow[]> {
  return query<SessionRow>("SELECT * FROM auth_session WHERE user_id = $1", [userId], { url });
}

/** Prisma's SQLite adapter stores DateTime as ISO text or epoch milliseconds, depending on its options. */
export function storedDate(value: string | number | Date | null): Date | null {
  if (value === null || value instanceof Date) return value;
  return new Date(typeof value === "number" ? value : /^\d+$/.test(value) ? Number(value) : value);
}

/** Moves one of a user's session limits (idle or absolute) into the past, as time would. */
export async function expireSessionsOfUser(userId: number, column: "expire_date" | "absolute_expire_date", url = databaseUrl()): Promise<void> {
  const rows = await query<{ value: string | number | Date }>(`SELECT ${column} AS value FROM auth_session WHERE user_id = $1`, [userId], { url });
  if (!rows[0]) throw new Error(`user ${userId} has no session`);
  if (!url.startsWith("file:")) {
    const past = "(now() AT TIME ZONE 'UTC') - interval '1 second'";
    await query(`UPDATE auth_session SET ${column} = ${past} WHERE user_id = $1`, [userId], { write: true, url });
    return;
  }
  const past = Date.now() - 1000;
  // Keep the column's storage format (ISO text or epoch milliseconds).
  const value = typeof rows[0].value === "number" ? past : new Date(past).toISOString();
  await query(`UPDATE auth_session SET ${column} = $1 WHERE user_id = $2`, [value, userId], { write: true, url });
}

// better-sqlite3 binds no booleans; SQLite stores them as 0 and 1.
const flagValue = (value: boolean) => (isSqlite() ? (value ? 1 : 0) : value);

/** Flips is_active behind the app's back (the admin page does it through lib/auth). */
export async function setUserActiveInDatabase(userId: number, active: boolean): Promise<void> {
  await query("UPDATE auth_user SET is_active = $1 WHERE id = $2", [flagValue(active), userId], { write: true });
}

/** Grants or withdraws staff status, as `createsuperuser` or a database operator would. */
export async function setUserStaffInDatabase(userId: number, staff: boolean): Promise<void> {
  await query("UPDATE auth_user SET is_staff = $1 WHERE id = $2", [flagValue(staff), userId], { write: true });
}

/** Grants or withdraws superuser status (Django's is_superuser), as an operator would. */
export async function setUserSuperuserInDatabase(userId: number, superuser: boolean): Promise<void> {
  await query("UPDATE auth_user SET is_superuser = $1 WHERE id = $2", [flagValue(superuser), userId], { write: true });
}

/** Moves a user's session expiry `seconds` earlier, as if its last renewal were that long ago. */
export async function ageSessionsOfUser(userId: number, seconds: number): Promise<void> {
  const rows = await query<{ value: string | number | Date }>("SELECT expire_date AS value FROM auth_session WHERE user_id = $1", [userId]);
  if (!rows[0]) throw new Error(`user ${userId} has no session`);
  if (!isSqlite()) {
    await query(`UPDATE auth_session SET expire_date = expire_date - make_interval(secs => $1) WHERE user_id = $2`, [seconds, userId], {
      write: true,
    });
    return;
  }
  const earlier = storedDate(rows[0].value)!.getTime() - seconds * 1000;
  const value = typeof rows[0].value === "number" ? earlier : new Date(earlier).toISOString();
  await query("UPDATE auth_session SET expire_date = $1 WHERE user_id = $2", [value, userId], { write: true });
}

/** Moves the last proof of identity of a user's sessions an hour back: past STEP_UP_WINDOW. */
export async function staleVerificationOfUser(userId: number): Promise<void> {
  const rows = await query<{ value: string | number | Date | null }>("SELECT verified_at AS value FROM auth_session WHERE user_id = $1", [userId]);
  if (!rows[0]?.value) throw new Error(`user ${userId} has no verified session`);
  if (!isSqlite()) {
    await query("UPDATE auth_session SET verified_at = verified_at - interval '1 hour' WHERE user_id = $1", [userId], { write: true });
    return;
  }
  const earlier = storedDate(rows[0].value)!.getTime() - 3600 * 1000;
  const value = typeof rows[0].value === "number" ? earlier : new Date(earlier).toISOString();
  await query("UPDATE auth_session SET verified_at = $1 WHERE user_id = $2", [value, userId], { write: true });
}

/** Session rows whose user does not exist (the foreign key should make this always 0). */
export async function orphanSessionCount(url = databaseUrl()): Promise<number> {
  const rows = await query<{ n: number | string }>(
    "SELECT COUNT(*) AS n FROM auth_session s LEFT JOIN auth_user u ON u.id = s.user_id WHERE s.user_id IS NOT NULL AND u.id IS NULL",
    [],
    { url },
  );
  return Number(rows[0]!.n); // pg returns COUNT (bigint) as a string
}

export type EventRow = {
  id: number;
  created_at: string | number | Date;
  event: string;
  user_id: number | null;
  username: string | null;
  ip_address: string | null;
  user_agent: string | null;
  detail: string | null;
  /** For a name that is no account: a keyed hash of it instead of the name. */
  name_hash?: string | null;
};

/** The audit trail rows about an account (by id) or a name as recorded, oldest first. */
export async function eventsOf(who: { userId?: number; username?: string }, url = databaseUrl()): Promise<EventRow[]> {
  return query<EventRow>("SELECT * FROM auth_event WHERE user_id = $1 OR username = $2 ORDER BY id", [who.userId ?? -1, who.username ?? "\u0001"], { url });
}

/** Every audit row, for scanning for secrets. */
export async function allEvents(url = databaseUrl()): Promise<EventRow[]> {
  return query<EventRow>("SELECT * FROM auth_event ORDER BY id", [], { url });
}

export type SessionDataRow = { session_key_hash: string; user_id: number | null; session_data: string };

/** Session rows of one browser, told apart by a user agent no other test uses. */
export async function sessionsWithAgent(userAgent: string, url = databaseUrl()): Promise<SessionDataRow[]> {
  return query<SessionDataRow>("SELECT session_key_hash, user_id, session_data FROM auth_session WHERE user_agent = $1", [userAgent], { url });
}

/** Renames a table behind the app's back, to make its writes fail (and back again). */
export async function renameTable(from: string, to: string, url = databaseUrl()): Promise<void> {
  await query(`ALTER TABLE "${from}" RENAME TO "${to}"`, [], { write: true, url });
}

/** auth_user.totp_secret as stored (encrypted, or a row from before encryption). */
export async function storedTotpSecret(userId: number, url = databaseUrl()): Promise<string | null> {
  const rows = await query<{ totp_secret: string | null }>("SELECT totp_secret FROM auth_user WHERE id = $1", [userId], { url });
  return rows[0]?.totp_secret ?? null;
}

/** Writes auth_user.totp_secret as it is, e.g. a row as it was before secrets were encrypted. */
export async function setStoredTotpSecret(userId: number, value: string, url = databaseUrl()): Promise<void> {
  await query("UPDATE auth_user SET totp_secret = $1, totp_last_step = NULL WHERE id = $2", [value, userId], { write: true, url });
}

export type TokenRow = { token_hash: string; user_id: number; purpose: string; email: string };

/** The mailed links of a user that the database holds (only their hashes). */
export async function tokensOfUser(userId: number, url = databaseUrl()): Promise<TokenRow[]> {
  return query<TokenRow>("SELECT token_hash, user_id, purpose, email FROM auth_token WHERE user_id = $1", [userId], { url });
}

/** Moves the expiry of a user's mailed links into the past, as if their time had run out. */
export async function expireTokensOfUser(userId: number): Promise<void> {
  const rows = await query<{ value: string | number | Date }>("SELECT expires_at AS value FROM auth_token WHERE user_id = $1", [userId]);
  if (!rows[0]) throw new Error(`user ${userId} has no mailed link`);
  if (!isSqlite()) {
    await query("UPDATE auth_token SET expires_at = now() AT TIME ZONE 'UTC' - interval '1 minute' WHERE user_id = $1", [userId], { write: true });
    return;
  }
  const past = Date.now() - 60_000;
  const value = typeof rows[0].value === "number" ? past : new Date(past).toISOString();
  await query("UPDATE auth_token SET expires_at = $1 WHERE user_id = $2", [value, userId], { write: true });
}

export type PasskeyRow = { id: number; name: string; counter: number; device_type: string; backed_up: boolean; last_used_at: Date | null; user_handle: string };

/** A user's passkeys as stored, the counter a number and the flag a boolean on either database. */
export async function passkeysOfUser(userId: number): Promise<PasskeyRow[]> {
  const rows = await query<Record<string, unknown>>("SELECT * FROM auth_passkey WHERE user_id = $1 ORDER BY id", [userId]);
  return rows.map((row) => ({
    id: Number(row.id),
    name: String(row.name),
    counter: Number(row.counter),
    device_type: String(row.device_type),
    backed_up: row.backed_up === true || row.backed_up === 1,
    last_used_at: storedDate(row.last_used_at as string | number | Date | null),
    user_handle: String(row.user_handle),
  }));
}

/** Sets a stored passkey's signature counter, as a copy of the key that signed ahead would leave it. */
export async function setPasskeyCounter(passkeyId: number, counter: number): Promise<void> {
  await query("UPDATE auth_passkey SET counter = $1 WHERE id = $2", [counter, passkeyId], { write: true });
}
