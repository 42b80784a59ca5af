#!/usr/bin/env node
// Offline stand-in for Prisma's native `schema-engine` binary (see docs/PRISMA.md).
//
// The Prisma 7 CLI downloads `schema-engine` from binaries.prisma.sh, which this machine cannot
// reach. prisma.config.ts points PRISMA_SCHEMA_ENGINE_BINARY here instead, and this script speaks
// the binary's protocol while the work is done by the same engine compiled to WebAssembly
// (@prisma/schema-engine-wasm), talking to the database through Prisma's driver adapters.
//
// How the CLI runs it (cwd = the config's directory):
//   --version                                        print a line, exit 0
//   --datamodels <file>… --datasource <json>         JSON-RPC 2.0, one JSON object per line on
//                                                    stdin/stdout; stdout carries nothing else
//   --datasource <json> cli can-connect-to-database|create-database|drop-database
//                                                    one-shot: exit code + JSON log lines on stderr
//
// Used this way, the wasm engine has defects that the native one does not; each workaround below
// is marked "Defect N", as listed in docs/PRISMA.md.
// Debug output goes to the file named by SCHEMA_ENGINE_SHIM_LOG, never to stdout or stderr.
import { ColumnTypeEnum, bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import readline from "node:readline";

const require = createRequire(import.meta.url);
const LOG_FILE = process.env.SCHEMA_ENGINE_SHIM_LOG;

function debug(...parts) {
  if (!LOG_FILE) return;
  const text = parts.map((p) => (typeof p === "string" ? p : (p?.stack ?? JSON.stringify(p)))).join(" ");
  appendFileSync(LOG_FILE, `${new Date().toISOString()} [${process.pid}] ${text}\n`);
}

// ---------------------------------------------------------------------------------- arguments
const args = { datamodels: [], datasource: undefined, cli: undefined, version: false };
for (let i = 2; i < process.argv.length; i++) {
  const arg = process.argv[i];
  if (arg === "--version" || arg === "-V") args.version = true;
  else if (arg === "--datamodels") args.datamodels.push(process.argv[++i]);
  else if (arg === "--datasource") args.datasource = JSON.parse(process.argv[++i]);
  else if (arg === "cli") args.cli = process.argv[++i];
  else if (arg === "--enabled-preview-features" || arg === "--extension-types") i++; // unused
}
debug("start", process.argv.slice(2).join(" "), "cwd", process.cwd());

const wasmGlue = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
if (args.version) {
  // `prisma --version` runs `exe --version` and waits for it: answer without loading the wasm.
  const { version } = JSON.parse(readFileSync(path.join(path.dirname(wasmGlue), "package.json"), "utf8"));
  console.log(`schema-engine-cli ${version.split(".").pop()} (wasm shim, @prisma/schema-engine-wasm ${version})`);
  process.exit(0);
}

// ------------------------------------------------------------------------------ data sources
const isPostgresUrl = (url) => /^postgres(ql)?:\/\//.test(url);

/** Absolute path of a SQLite `file:` URL; relative paths resolve against cwd, as the native engine's do. */
function sqlitePath(url) {
  let file = url.replace(/^file:/, "").replace(/\?.*$/, "");
  if (file.startsWith("//")) file = decodeURIComponent(file.slice(2)); // file:///abs/x.db
  return file === ":memory:" ? file : path.resolve(file);
}
const removeSqliteFiles = (file) => {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
};

async function loadPg() {
  try {
    const [{ PrismaPg }, pg, { parseIntoClientConfig }] = await Promise.all([import("@prisma/adapter-pg"), import("pg"), import("pg-connection-string")]);
    return { PrismaPg, pg: pg.default ?? pg, parseIntoClientConfig };
  } catch (e) {
    debug(e);
    throw new Error("PostgreSQL support is not installed (npm install @prisma/adapter-pg pg pg-connection-string)");
  }
}

/**
 * A pg config built field by field: see Defect 6. Defect 9: the adapter's `schema` option does
 * not reach the statements a migration runs, so with `?schema=name` the engine created that
 * schema and then every table in `public`. The connection's search_path names it instead, as the
 * app's own pool does (lib/db.ts).
 */
function pgConfig(parseIntoClientConfig, url, database) {
  const { schema: _schema, ...config } = parseIntoClientConfig(url);
  const schema = new URL(url).searchParams.get("schema");
  if (schema) config.options = `${config.options ?? ""} -c search_path="${schema.replaceAll('"', '""')}"`.trim();
  return database ? { ...config, database } : config;
}

// Defect 1: on a database without `_prisma_migrations` the engine's SELECT on it fails, and the
// engine reports P1014 instead of "no migrations applied" (breaks `migrate dev` and `status`).
// Answer that SELECT with an empty result of the eight columns it names.
const { Text, DateTime, Int64 } = ColumnTypeEnum;
const EMPTY_MIGRATIONS_TABLE = {
  columnNames: ["id", "checksum", "finished_at", "migration_name", "logs", "rolled_back_at", "started_at", "applied_steps_count"],
  columnTypes: [Text, Text, DateTime, Text, Text, DateTime, DateTime, Int64],
  rows: [],
};

function patchAdapter(adapter, provider) {
  const queryRaw = adapter.queryRaw.bind(adapter);
  adapter.queryRaw = async (query) => {
    try {
      return await queryRaw(query);
    } catch (e) {
      const missingTable = e?.cause?.kind === "TableDoesNotExist";
      if (missingTable && /^\s*SELECT\b/i.test(query.sql) && query.sql.includes("_prisma_migrations")) {
        debug("defect 1: _prisma_migrations missing, answering with no rows");
        return structuredClone(EMPTY_MIGRATIONS_TABLE);
      }
      throw e;
    }
  };
  if (provider === "sqlite") {
    // Defect 2: the shadow-database replay (migrate dev, diff --from-migrations) sends each
    // migration.sql through executeRaw, and better-sqlite3 refuses more than one statement per
    // prepared statement (surfacing as P3006 "External error"). Run such scripts with exec().
    const executeRaw = adapter.executeRaw.bind(adapter);
    adapter.executeRaw = async (query) => {
      try {
        return await executeRaw(query);
      } catch (e) {
        if (query.args.length > 0 || !/more than one statement/.test(e?.message)) throw e;
        debug("defect 2: multi-statement executeRaw, running it as a script");
        await adapter.executeScript(query.sql);
        return 0;
      }
    };
  }
  return adapter;
}

const mainConnections = new Set(); // closed when the engine is replaced (Defect 3, crashes)

async function createAdapterFactory(datasource) {
  const url = datasource?.url;
  if (!url) throw new Error("The Prisma config has no datasource.url");
  if (isPostgresUrl(url)) return postgresFactory(url, datasource.shadowDatabaseUrl);
  if (!url.startsWith("file:")) throw new Error(`Unsupported datasource URL scheme: ${url.split(":")[0]}:`);

  const { PrismaBetterSqlite3 } = await import("@prisma/adapter-better-sqlite3");
  const shadowFile = datasource?.shadowDatabaseUrl ? sqlitePath(datasource.shadowDatabaseUrl) : undefined;
  const base = new PrismaBetterSqlite3({ url: `file:${sqlitePath(url)}` }, shadowFile ? { shadowDatabaseUrl: `file:${shadowFile}` } : undefined);
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    async connect() {
      const adapter = patchAdapter(await base.connect(), "sqlite");
      mainConnections.add(adapter);
      return adapter;
    },
    async connectToShadowDb() {
      // Defect 4: a file shadowDatabaseUrl is never wiped, so the second replay into it fails
      // ("table already exists"). Start from an empty file each time, as the native engine does.
      // (Without shadowDatabaseUrl the adapter uses a fresh :memory: database, which is clean.)
      if (shadowFile && shadowFile !== ":memory:") removeSqliteFiles(shadowFile);
      return patchAdapter(await base.connectToShadowDb(), "sqlite");
    },
  };
}

async function postgresFactory(url, shadowUrl) {
  const { PrismaPg, pg, parseIntoClientConfig } = await loadPg();
  // Defect 5: pg_catalog has columns of type "char" (OID 18), which adapter-pg cannot map
  // ("Column type 'char' could not be deserialized"). Report them as text (OID 25): pg already
  // returns their values as strings.
  if (!pg.Pool.prototype.query.shimPatched) {
    const query = pg.Pool.prototype.query;
    pg.Pool.prototype.query = function (...queryArgs) {
      const result = query.apply(this, queryArgs);
      return typeof result?.then !== "function"
        ? result
        : result.then((res) => {
            for (const field of res?.fields ?? []) if (field.dataTypeID === 18) field.dataTypeID = 25;
            return res;
          });
    };
    pg.Pool.prototype.query.shimPatched = true;
  }
  const options = { schema: new URL(url).searchParams.get("schema") ?? undefined };
  // Defect 6: built from {connectionString}, the adapter's shadow pool ({...config, database})
  // still connects to the MAIN database, because connectionString wins over `database`. So every
  // pool here is built from the parsed fields instead.
  const base = new PrismaPg(pgConfig(parseIntoClientConfig, url), options);
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    async connect() {
      const adapter = patchAdapter(await base.connect(), "postgres");
      mainConnections.add(adapter);
      return adapter;
    },
    async connectToShadowDb() {
      if (shadowUrl) {
        // Defect 4 on PostgreSQL (found here): an explicit shadow database is not wiped either
        // (P3006 "relation already exists" on the second replay). Empty its schema first.
        const schema = `"${(new URL(shadowUrl).searchParams.get("schema") ?? "public").replaceAll('"', '""')}"`;
        const shadow = await new PrismaPg(pgConfig(parseIntoClientConfig, shadowUrl), options).connect();
        await shadow.executeScript(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
        return patchAdapter(shadow, "postgres");
      }
      // Defect 7: the adapter drops its temporary shadow database while its own pool still holds
      // connections to it; DROP DATABASE then fails after 5 s (55006, "being accessed by other
      // users") and the database is left behind. Here the pool is ended first, then dropped.
      const admin = await base.connect();
      const database = `prisma_migrate_shadow_db_${globalThis.crypto.randomUUID()}`;
      await admin.executeScript(`CREATE DATABASE "${database}"`);
      const shadow = await new PrismaPg(pgConfig(parseIntoClientConfig, url, database), options).connect();
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose();
        try {
          await admin.executeScript(`DROP DATABASE IF EXISTS "${database}"`);
        } finally {
          await admin.dispose();
        }
      };
      return patchAdapter(shadow, "postgres");
    },
  };
}

// ---------------------------------------------------------------------------- one-shot mode
// The CLI reads the exit code and looks for an ERROR line from target schema_engine::logger on
// stderr; it discards the FIRST stderr line, so a harmless line always goes first.
function logLine(level, fields) {
  process.stderr.write(`${JSON.stringify({ level, target: "schema_engine::logger", fields })}\n`);
}

async function runCli(command, url) {
  logLine("INFO", { message: `schema-engine wasm shim: ${command}` });
  if (!url) throw new Error("No datasource URL was given");
  if (isPostgresUrl(url)) return postgresCli(command, url);
  const file = sqlitePath(url);
  if (command === "can-connect-to-database" && file !== ":memory:" && !existsSync(file)) {
    throw Object.assign(new Error(`Database \`${path.basename(file)}\` does not exist at \`${file}\``), { code: "P1003" });
  } else if (command === "create-database" && file !== ":memory:") {
    mkdirSync(path.dirname(file), { recursive: true });
    if (!existsSync(file)) writeFileSync(file, ""); // an empty file is an empty SQLite database
  } else if (command === "drop-database" && file !== ":memory:") {
    removeSqliteFiles(file);
  }
}

async function postgresCli(command, url) {
  const { pg, parseIntoClientConfig } = await loadPg();
  const config = pgConfig(parseIntoClientConfig, url);
  const where = `${config.host ?? "localhost"}:${config.port ?? 5432}`;
  const connect = async (database) => {
    const client = new pg.Client({ ...config, database });
    await client.connect().catch((e) => {
      // the native engine's error codes, which the CLI acts on
      if (e.code === "3D000")
        throw Object.assign(new Error(`Database \`${database}\` does not exist on the database server at \`${where}\`.`), { code: "P1003" });
      if (e.code === "28P01" || e.code === "28000") throw Object.assign(e, { code: "P1000" });
      if (/^E[A-Z]+$/.test(e.code ?? "")) throw Object.assign(new Error(`Can't reach database server at \`${where}\`: ${e.message}`), { code: "P1001" });
      throw e;
    });
    return client;
  };
  const quoted = `"${String(config.database).replaceAll('"', '""')}"`;
  if (command === "can-connect-to-database") return (await connect(config.database)).end();
  const admin = await connect("postgres");
  try {
    if (command === "create-database") await admin.query(`CREATE DATABASE ${quoted}`);
    if (command === "drop-database") await admin.query(`DROP DATABASE IF EXISTS ${quoted}`);
  } finally {
    await admin.end();
  }
}

if (args.cli) {
  try {
    await runCli(args.cli, args.datasource?.url);
    process.exit(0);
  } catch (e) {
    debug(e);
    const code = /^P\d{4}$/.test(e?.code ?? "") ? e.code : undefined;
    logLine("ERROR", { error_code: code, message: e?.message ?? String(e) });
    process.exit(1);
  }
}

// ------------------------------------------------------------------------------ server mode
let wasm; // the glue module, after the .wasm has been instantiated
async function loadWasm() {
  // Node cannot import a .wasm module, and the package's `exports` does not expose the file:
  // instantiate it by hand next to the glue, as the package's own schema_engine.js would.
  const glue = await import(wasmGlue);
  const bytes = readFileSync(wasmGlue.replace(/\.js$/, ".wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": glue });
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return glue;
}

let enginePromise = null; // created on the first request, and again after a reset or a crash
function getEngine() {
  return (enginePromise ??= (async () => {
    wasm ??= await loadWasm();
    const factory = bindMigrationAwareSqlAdapterFactory(await createAdapterFactory(args.datasource));
    const datamodels = args.datamodels.map((file) => [file, readFileSync(file, "utf8")]);
    // The engine logs JSON lines, as the native binary does on stderr, where the CLI collects
    // them for its error messages.
    const onLog = (line) => {
      process.stderr.write(line.endsWith("\n") ? line : `${line}\n`);
      debug("engine:", line.trimEnd());
    };
    return wasm.SchemaEngine.new({ datamodels: datamodels.length ? datamodels : undefined }, onLog, factory);
  })());
}

/** Drop the engine and close its connections (SQLite holds an exclusive lock); the next request makes a new one. */
async function discardEngine({ free }) {
  const engine = await enginePromise?.catch(() => null);
  enginePromise = null;
  if (free) engine?.free();
  for (const connection of mainConnections) await connection.dispose().catch((e) => debug(e));
  mainConnections.clear();
}

// Defect 3: the wasm `reset` on SQLite only DELETEs the rows of each table, so re-applying the
// migrations fails with "table already exists" (and dropping tables would leave sqlite_sequence).
// Do what the native engine does for a file database: start again from an empty file.
async function resetSqliteFile(file) {
  await discardEngine({ free: true });
  removeSqliteFiles(file);
  writeFileSync(file, "");
  return {};
}

const FORWARDED = new Set([
  "applyMigrations",
  "createMigration",
  "dbExecute",
  "devDiagnostic",
  "diagnoseMigrationHistory",
  "ensureConnectionValidity",
  "evaluateDataLoss",
  "introspect",
  "introspectSql",
  "markMigrationApplied",
  "markMigrationRolledBack",
  "schemaPush",
]);

const send = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);
let printId = 1_000_000;

async function dispatch(method, params) {
  const url = args.datasource?.url ?? "";
  if (method === "reset" && url.startsWith("file:") && sqlitePath(url) !== ":memory:") {
    return resetSqliteFile(sqlitePath(url));
  }
  if (method === "getDatabaseVersion") return (await getEngine()).version(params);
  if (method === "diff") {
    // The native engine sends the script (or summary) to the CLI as a `print` request, and the
    // CLI prints only that; the wasm returns it in `stdout` instead.
    const { exitCode, stdout } = await (await getEngine()).diff(params);
    if (stdout) send({ jsonrpc: "2.0", id: printId++, method: "print", params: { content: stdout } });
    return { exitCode, stdout: null };
  }
  if (method === "evaluateDataLoss" || method === "createMigration") {
    // Defect 8: these two read the schema of the migration history from the engine's cache,
    // keyed by the list of migrations; on a miss they replay without the shadow database, which
    // fails ("… shadow DB must be provided through an external factory", SQLite and PostgreSQL
    // alike). devDiagnostic fills the cache only for the migrations *applied* when it ran, so
    // `migrate dev` on a fresh database with existing migrations misses it. By now `migrate dev`
    // has applied them all, so diagnoseMigrationHistory (which does use the shadow database)
    // fills the cache for the full list; then try again.
    const engine = await getEngine();
    try {
      return await engine[method](params);
    } catch (e) {
      if (!/shadow DB must be provided through an external factory/.test(e?.message)) throw e;
      debug("defect 8: filling the migration schema cache, then retrying", method);
      const { migrationsList, filters } = params;
      await engine.diagnoseMigrationHistory({ migrationsList, filters, optInToShadowDatabase: true });
      return engine[method](params);
    }
  }
  if (method === "reset" || FORWARDED.has(method)) return (await getEngine())[method](params);
  throw Object.assign(new Error(`Method not found: ${method}`), { rpcCode: -32601 });
}

function errorResponse(id, e) {
  if (e?.rpcCode) return { jsonrpc: "2.0", id, error: { code: e.rpcCode, message: e.message } };
  const message = e?.message ?? String(e);
  const errorCode = /^P\d{4}$/.test(e?.code ?? "") ? e.code : undefined;
  return {
    jsonrpc: "2.0",
    id,
    error: {
      code: 4466,
      message: "An error happened. Check the data field for details.",
      data: { is_panic: false, message, error_code: errorCode, meta: e?.meta ?? null },
    },
  };
}

// The wasm throws some errors (e.g. "missing field `filters`" for bad parameters) from a
// microtask instead of rejecting: they arrive here, and the pending request would never settle.
// The engine stays borrowed inside Rust after that ("recursive use of an object detected"), so
// it is replaced before the next request.
let inFlight = null;
let engineBroken = false;
process.on("uncaughtException", (e) => {
  debug("uncaughtException", e);
  engineBroken = true;
  if (inFlight) return inFlight.reject(e);
  logLine("ERROR", { message: `schema-engine wasm shim crashed: ${e?.message ?? e}` });
  process.exit(101);
});

async function handle(request) {
  const { id, method, params } = request;
  debug("->", method, id);
  try {
    const result = await new Promise((resolve, reject) => {
      inFlight = { reject };
      dispatch(method, params ?? {}).then(resolve, reject);
    });
    if (id !== undefined) send({ jsonrpc: "2.0", id, result: result ?? {} });
    debug("<-", method, id, "ok");
  } catch (e) {
    debug("<-", method, id, e);
    if (id !== undefined) send(errorResponse(id, e));
  } finally {
    inFlight = null;
    if (engineBroken) await discardEngine({ free: false }); // free() would hit the same borrow
    engineBroken = false;
  }
}

// One request at a time, in order: the CLI waits for each answer anyway, and serving them one by
// one keeps the engine (and a reset that replaces it) free of interleaving.
let queue = Promise.resolve();
process.stdout.on("error", (e) => debug("stdout", e)); // the CLI may go away first (EPIPE)
readline
  .createInterface({ input: process.stdin, crlfDelay: Infinity })
  .on("line", (line) => {
    if (!line.trim()) return;
    let request;
    try {
      request = JSON.parse(line);
    } catch {
      return send({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } });
    }
    if (request.method === undefined) return debug("ack", line); // the CLI's answer to a `print`
    queue = queue.then(() => handle(request));
  })
  .on("close", () =>
    queue.then(() => {
      debug("stdin closed, exiting");
      process.exit(0);
    }),
  );
