// Reads a Django project's auth_user, read-only, in id order and in batches (keyset paging, so a
// table of millions is never held in memory): from a SQLite file or a PostgreSQL URL.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";

export type DjangoSource = {
  /** "SQLite file /path" or "PostgreSQL database name on host", without credentials. */
  description: string;
  count(): Promise<number>;
  /** Up to `limit` rows with an id above `afterId`, by id. */
  readBatch(afterId: number, limit: number): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
};

/** A refusal the command prints as it is. */
export class SourceError extends Error {}

const COLUMNS = "id, username, password, email, is_active, is_staff, is_superuser, date_joined, last_login";
const NOT_DJANGO = "has no auth_user table: is it a Django project's database (after `manage.py migrate`)?";

export async function openDjangoSource(location: string): Promise<DjangoSource> {
  if (/^postgres(ql)?:\/\//.test(location)) return openPostgres(location);
  return openSqlite(location.startsWith("file:") ? location.slice("file:".length) : location);
}

function openSqlite(path: string): DjangoSource {
  const file = resolve(path);
  if (!existsSync(file)) throw new SourceError(`no such file: ${file}`);
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file, { readonly: true, fileMustExist: true, timeout: 5_000 });
    sqlite.prepare("SELECT 1 FROM sqlite_master LIMIT 1").get();
  } catch {
    throw new SourceError(`${file} is not a readable SQLite database`);
  }
  const description = `SQLite file ${file}`;
  if (!sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'auth_user'").get()) {
    sqlite.close();
    throw new SourceError(`${description} ${NOT_DJANGO}`);
  }
  const batch = sqlite.prepare(`SELECT ${COLUMNS} FROM auth_user WHERE id > ? ORDER BY id LIMIT ?`);
  return {
    description,
    count: async () => (sqlite.prepare("SELECT COUNT(*) AS n FROM auth_user").get() as { n: number }).n,
    readBatch: async (afterId, limit) => batch.all(afterId, limit) as Record<string, unknown>[],
    close: async () => void sqlite.close(),
  };
}

async function openPostgres(url: string): Promise<DjangoSource> {
  const parsed = new URL(url);
  const description = `PostgreSQL database ${decodeURIComponent(parsed.pathname.slice(1)) || "(default)"} on ${parsed.hostname}:${parsed.port || 5432}`;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new SourceError(`${description} cannot be reached (${(error as Error).message})`);
  }
  // A snapshot of the whole table for the whole import, and no writes by mistake.
  await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  const { rows } = await client.query("SELECT to_regclass('auth_user') IS NOT NULL AS found");
  if (!rows[0]?.found) {
    await client.end();
    throw new SourceError(`${description} ${NOT_DJANGO}`);
  }
  return {
    description,
    count: async () => Number((await client.query("SELECT COUNT(*) AS n FROM auth_user")).rows[0].n),
    readBatch: async (afterId, limit) => (await client.query(`SELECT ${COLUMNS} FROM auth_user WHERE id > $1 ORDER BY id LIMIT $2`, [afterId, limit])).rows,
    close: async () => {
      await client.query("COMMIT").catch(() => {});
      await client.end();
    },
  };
}
