import "server-only";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaClient } from "./generated/prisma/client";

export const DEFAULT_DATABASE_URL = "file:./app.db";

// WAL lets readers run beside the one writer; synchronous=NORMAL is safe with WAL; SQLite only
// enforces the schema's foreign keys (ON DELETE CASCADE for sessions) when asked, per connection.
const SQLITE_PRAGMAS = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";
const BUSY_TIMEOUT_MS = 5_000;

function sqliteAdapter(url: string): SqlMigrationAwareDriverAdapterFactory {
  const base = new PrismaBetterSqlite3({ url, timeout: BUSY_TIMEOUT_MS });
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    async connect(): Promise<SqlDriverAdapter> {
      const adapter = await base.connect();
      await adapter.executeScript(SQLITE_PRAGMAS);
      return adapter;
    },
    connectToShadowDb: () => base.connectToShadowDb(),
  };
}

function createClient(): PrismaClient {
  const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  if (!url.startsWith("file:")) {
    throw new Error(`DATABASE_URL must be a SQLite "file:" URL (got a "${url.split(":")[0]}:" URL)`);
  }
  return new PrismaClient({ adapter: sqliteAdapter(url) });
}

// One client per process; survives hot reloads in development.
const globalForDb = globalThis as unknown as { seedPrisma?: PrismaClient };

export const db: PrismaClient = (globalForDb.seedPrisma ??= createClient());
