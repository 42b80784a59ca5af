import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { POSTGRES_SERVER_URL, dropTestDatabase, testDatabaseUrl } from "../../tests/support/databases.mjs";

// A real Django database for the import tests: Debian's python3-django (scripts/test.mjs installs
// it when missing) runs the shared Django peer project, copied to a temporary folder (never run
// in place), or a minimal settings module when the peer is not beside this checkout.

const PYTHON = "/usr/bin/python3";
const PEER = process.env.DJANGO_PEER_DIR ?? join(import.meta.dirname, "..", "..", "..", "shared", "peers", "django");

export type DjangoUser = {
  username: string;
  email?: string;
  /** null: Django's unusable password. */
  password: string | null;
  /** A PBKDF2 iteration count other than Django's default. */
  iterations?: number;
  staff?: boolean;
  superuser?: boolean;
  active?: boolean;
  /** Stored as the hash as it is (formats Django 3.2 cannot make here, e.g. argon2 without its module). */
  raw_hash?: string;
};

export type DjangoDatabase = { path: string; rows: { id: number; username: string }[]; dispose: () => void };

/** Why Django cannot run here, or null. */
export function djangoMissing(): string | null {
  const check = spawnSync(PYTHON, ["-c", "import django"], { encoding: "utf8" });
  return check.status === 0 ? null : `Django is not installed for ${PYTHON}: apt-get install python3-django (npm test does it as root)`;
}

/** Migrates a new Django SQLite database and creates the users with Django's create_user. */
export function createDjangoDatabase(users: DjangoUser[]): DjangoDatabase {
  const dir = mkdtempSync(join(tmpdir(), "seed-django-"));
  const path = join(dir, "django.sqlite3");
  const args = [join(import.meta.dirname, "..", "django", "make-users.py"), path];
  if (existsSync(join(PEER, "manage.py"))) {
    cpSync(PEER, join(dir, "peer-project"), { recursive: true });
    spawnSync("chmod", ["-R", "u+w", join(dir, "peer-project")]);
    args.push(join(dir, "peer-project"));
  }
  const result = spawnSync(PYTHON, args, { input: JSON.stringify(users), encoding: "utf8", cwd: dir, timeout: 120_000 });
  if (result.status !== 0) throw new Error(`Django failed:\n${result.stderr}`);
  return { path, rows: JSON.parse(result.stdout), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `npm run import-django -- <source>` against the database `databaseUrl`. */
export function importDjango(source: string, databaseUrl: string, extraArgs: string[] = []) {
  const result = spawnSync("npm", ["run", "--silent", "import-django", "--", source, ...extraArgs], {
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

// Django 3.2's auth_user on PostgreSQL, as its migrations create it.
const AUTH_USER_DDL = `CREATE TABLE auth_user (
  id serial PRIMARY KEY, password varchar(128) NOT NULL, last_login timestamptz NULL,
  is_superuser boolean NOT NULL, username varchar(150) NOT NULL UNIQUE, first_name varchar(150) NOT NULL,
  last_name varchar(150) NOT NULL, email varchar(254) NOT NULL, is_staff boolean NOT NULL,
  is_active boolean NOT NULL, date_joined timestamptz NOT NULL)`;

/** A new PostgreSQL database holding a copy of a Django SQLite database's auth_user. */
export async function copyToPostgres(sqlitePath: string): Promise<{ url: string; dispose: () => Promise<void> }> {
  const url = testDatabaseUrl("django_source");
  const server = new pg.Client({ connectionString: POSTGRES_SERVER_URL });
  await server.connect();
  await server.query(`CREATE DATABASE "${decodeURIComponent(new URL(url).pathname.slice(1))}"`).finally(() => server.end());
  const sqlite = new Database(sqlitePath, { readonly: true });
  const rows = sqlite.prepare("SELECT * FROM auth_user ORDER BY id").all() as Record<string, unknown>[];
  sqlite.close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(AUTH_USER_DDL);
    for (const row of rows) {
      // Django's SQLite text datetimes are UTC.
      const time = (value: unknown) => (value === null ? null : `${String(value).replace(" ", "T")}Z`);
      await client.query(
        `INSERT INTO auth_user (id, password, last_login, is_superuser, username, first_name, last_name, email, is_staff, is_active, date_joined)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          row.id,
          row.password,
          time(row.last_login),
          row.is_superuser === 1,
          row.username,
          row.first_name,
          row.last_name,
          row.email,
          row.is_staff === 1,
          row.is_active === 1,
          time(row.date_joined),
        ],
      );
    }
  } finally {
    await client.end();
  }
  return { url, dispose: () => dropTestDatabase(url) };
}
