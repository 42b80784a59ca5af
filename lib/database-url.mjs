// Which database DATABASE_URL names, and where its Prisma schema and migrations live.
// Plain JavaScript so that prisma.config.ts, lib/db.ts, scripts/*.mjs and the tests share it.

export const DEFAULT_DATABASE_URL = "file:./app.db";

/** @typedef {"sqlite" | "postgresql"} DatabaseProvider */

/** @param {NodeJS.ProcessEnv} [env] */
export function databaseUrl(env = process.env) {
  return env.DATABASE_URL || DEFAULT_DATABASE_URL;
}

/**
 * `postgres://` or `postgresql://` selects PostgreSQL, `file:` SQLite; anything else is refused
 * rather than guessed.
 * @param {string} url
 * @returns {DatabaseProvider}
 */
export function databaseProvider(url) {
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error(`DATABASE_URL must be a SQLite "file:" or a "postgresql://" URL (got a "${url.split(":")[0]}:" URL)`);
}

/**
 * Paths relative to the project root. Each provider has its own schema and migrations: Prisma
 * ties a schema, its generated client and a migrations folder to one provider.
 * @param {DatabaseProvider} provider
 */
export function prismaPaths(provider) {
  return { schema: `prisma/${provider}/schema.prisma`, migrations: `prisma/${provider}/migrations` };
}

/**
 * The `?schema=` of a PostgreSQL URL (Prisma's convention), or undefined for the default
 * (`public`). Only plain identifiers: the name is used in a search_path.
 * @param {string} url
 * @returns {string | undefined}
 */
export function postgresSchema(url) {
  const schema = new URL(url).searchParams.get("schema");
  if (!schema) return undefined;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(schema)) throw new Error(`DATABASE_URL: unsupported schema name "${schema}"`);
  return schema;
}
