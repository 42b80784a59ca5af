import "server-only";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery, SqlQueryable } from "@prisma/driver-adapter-utils";
import { databaseProvider, databaseUrl, postgresSchema } from "./database-url.mjs";
import { PrismaClient as PostgresClient, type Prisma as PostgresTypes } from "./generated/postgresql/client";
import { PrismaClient as SqliteClient, type Prisma as SqliteTypes } from "./generated/sqlite/client";

/**
 * The client the app is written against. A generated client is tied to one provider (Prisma
 * refuses an adapter of another), so there are two, generated from schemas that differ only in
 * their provider (tests/unit/schema-parity.test.ts). The app codes against SQLite's API, which
 * PostgreSQL's is a superset of; TypeScript cannot compare the two clients' generic method
 * types, so the check below compares what it can: the models, their fields and relations.
 */
export type Database = SqliteClient;

type ModelShapes<M extends Record<string, { payload: { scalars: unknown; objects: object } }>> = {
  [K in keyof M]: { fields: M[K]["payload"]["scalars"]; relations: keyof M[K]["payload"]["objects"] };
};
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
/** A compile error here means the two schemas (and so the two clients) have drifted apart. */
export type ClientsAgree = Assert<Same<ModelShapes<PostgresTypes.TypeMap["model"]>, ModelShapes<SqliteTypes.TypeMap["model"]>>>;

// WAL lets readers run beside the one writer; synchronous=NORMAL is safe with WAL; SQLite only
// enforces the schema's foreign keys (ON DELETE CASCADE for sessions) when asked, per connection.
const SQLITE_PRAGMAS = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";
const BUSY_TIMEOUT_MS = 5_000;
const DEFAULT_POOL_SIZE = 10;

// Kept across development reloads, like the client.
const globalForDb = globalThis as unknown as { seedPrisma?: Database; seedAdapter?: SqlDriverAdapter };

/**
 * The factory Prisma connects through, keeping the connected adapter for adapterQuery. With
 * PRISMA_QUERY_EVENTS=1 every statement that reaches the driver is reported to onStatement.
 */
function keepingAdapter(
  base: SqlMigrationAwareDriverAdapterFactory,
  setUp?: (adapter: SqlDriverAdapter) => Promise<void>,
): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    async connect(): Promise<SqlDriverAdapter> {
      const adapter = await base.connect();
      await setUp?.(adapter);
      const kept = process.env.PRISMA_QUERY_EVENTS === "1" ? reporting(adapter) : adapter;
      globalForDb.seedAdapter = kept;
      return kept;
    },
    connectToShadowDb: () => base.connectToShadowDb(),
  };
}

function sqliteAdapter(url: string): SqlMigrationAwareDriverAdapterFactory {
  const base = new PrismaBetterSqlite3({ url, timeout: BUSY_TIMEOUT_MS });
  return keepingAdapter(base, (adapter) => adapter.executeScript(SQLITE_PRAGMAS));
}

const statementListeners = new Set<(sql: string) => void>();

/** Hears every SQL statement sent to the database, Prisma's and adapterQuery's (tests only: PRISMA_QUERY_EVENTS=1). */
export function onStatement(listener: (sql: string) => void): () => void {
  statementListeners.add(listener);
  return () => statementListeners.delete(listener);
}

/** The adapter (or a transaction on it) with its statements reported to onStatement's listeners. */
function reporting<T extends SqlQueryable>(queryable: T): T {
  return new Proxy(queryable, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      if (property === "queryRaw" || property === "executeRaw") {
        return (query: SqlQuery) => {
          for (const listener of statementListeners) listener(query.sql);
          return value.call(target, query);
        };
      }
      if (property === "startTransaction") {
        return async (...args: unknown[]) => reporting(await value.apply(target, args));
      }
      return value.bind(target);
    },
  });
}

/** DATABASE_POOL_SIZE: connections per app instance (PostgreSQL only). */
export function poolSize(value = process.env.DATABASE_POOL_SIZE): number {
  if (!value) return DEFAULT_POOL_SIZE;
  const size = Number(value);
  if (!Number.isInteger(size) || size < 1) throw new Error(`DATABASE_POOL_SIZE must be a positive integer (got "${value}")`);
  return size;
}

function postgresAdapter(url: string): SqlMigrationAwareDriverAdapterFactory {
  const schema = postgresSchema(url);
  return keepingAdapter(
    new PrismaPg(
      {
        connectionString: url,
        max: poolSize(),
        // Like SQLite's busy timeout: a saturated pool or an unreachable server becomes an error
        // (503) after a few seconds instead of a request that hangs.
        connectionTimeoutMillis: BUSY_TIMEOUT_MS,
        // Raw queries (session lookup, health) name tables unqualified: resolve them in the schema
        // the migrations were applied to.
        ...(schema ? { options: `-c search_path=${schema}` } : {}),
      },
      { schema },
    ),
  );
}

/** PRISMA_QUERY_EVENTS=1: Prisma emits an event per query (tests/unit/query-count.test.ts counts them). */
function logOptions() {
  return process.env.PRISMA_QUERY_EVENTS === "1" ? { log: [{ emit: "event" as const, level: "query" as const }] } : {};
}

function createClient(): Database {
  const url = databaseUrl();
  if (databaseProvider(url) === "postgresql") {
    // Same models (ClientsAgree), same runtime class; only the provider's SQL differs.
    return new PostgresClient({ adapter: postgresAdapter(url), ...logOptions() }) as unknown as Database;
  }
  return new SqliteClient({ adapter: sqliteAdapter(url), ...logOptions() }) as unknown as Database;
}

// One client per process; survives hot reloads in development.
export const db: Database = (globalForDb.seedPrisma ??= createClient());

const TEXT_ARGUMENT = { scalarType: "string", arity: "scalar" } as const;

/** A better-sqlite3 statement, as far as adapterQuery uses one. */
type SqliteStatement = {
  reader: boolean;
  raw(on: boolean): SqliteStatement;
  safeIntegers(on: boolean): SqliteStatement;
  all(...args: string[]): unknown[][];
  run(...args: string[]): unknown;
};
type SqliteConnection = { prepare(sql: string): SqliteStatement };

// Statements adapterQuery prepared, per connection: its SQL is a handful of constants, so the map
// stays small; a new connection (after $disconnect) starts a new one.
const preparedByConnection = new WeakMap<SqliteConnection, Map<string, SqliteStatement>>();
const MAX_PREPARED = 64;

/**
 * The better-sqlite3 connection under Prisma's SQLite adapter (its public `client`), or null on
 * PostgreSQL or if a later adapter version hides it.
 */
function sqliteConnection(adapter: SqlDriverAdapter): SqliteConnection | null {
  if (adapter.provider !== "sqlite") return null;
  const client = (adapter as unknown as { client?: Partial<SqliteConnection> }).client;
  return typeof client?.prepare === "function" ? (client as SqliteConnection) : null;
}

function preparedStatement(connection: SqliteConnection, sql: string): SqliteStatement {
  let statements = preparedByConnection.get(connection);
  if (!statements) preparedByConnection.set(connection, (statements = new Map()));
  let statement = statements.get(sql);
  if (!statement) {
    statement = connection.prepare(sql);
    // Plain numbers (ids, millisecond dates) instead of the adapter's BigInts; rows as arrays.
    if (statement.reader) statement.raw(true).safeIntegers(false);
    if (statements.size < MAX_PREPARED) statements.set(sql, statement);
  }
  return statement;
}

/**
 * One statement through the connection Prisma itself uses, without Prisma's query engine: the
 * session lookup on every authenticated request and the throttle's upsert. On SQLite it runs as a
 * better-sqlite3 statement prepared once per connection (the adapter prepares every query again);
 * on PostgreSQL it goes through the adapter's `queryRaw`. `npm run bench:queries`: the lookup
 * takes 18.5 µs on SQLite, against 46.5 through the adapter and 187 for $queryRaw; on
 * PostgreSQL 293 against 766 for $queryRaw.
 * Placeholders are `?`; arguments are text. Rows are arrays: dates as the database gives them
 * (milliseconds or ISO text; `new Date` reads both), booleans as 0/1 on SQLite. Errors become the
 * adapter's (DriverAdapterError), which isTemporarilyUnavailable knows.
 */
export async function adapterQuery(sql: string, args: string[]): Promise<unknown[][]> {
  if (!globalForDb.seedAdapter) await db.$connect();
  const adapter = globalForDb.seedAdapter;
  if (!adapter) throw new Error("the database adapter did not connect");
  const connection = sqliteConnection(adapter);
  if (connection) {
    for (const listener of statementListeners) listener(sql);
    try {
      const statement = preparedStatement(connection, sql);
      if (statement.reader) return statement.all(...args);
      statement.run(...args);
      return [];
    } catch (error) {
      // The adapter's own conversion, so the error reads the same as any Prisma query's.
      const convert = (adapter as unknown as { onError?: (error: unknown) => never }).onError;
      if (typeof convert === "function") convert.call(adapter, error);
      throw error;
    }
  }
  let n = 0;
  const text = adapter.provider === "postgres" ? sql.replace(/\?/g, () => `$${++n}`) : sql;
  const result = await adapter.queryRaw({ sql: text, args, argTypes: args.map(() => TEXT_ARGUMENT) });
  return result.rows as unknown[][];
}
