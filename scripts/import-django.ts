// `npm run import-django -- <database>`: creates or updates this app's users from a Django
// project's auth_user (a SQLite file path, or a postgresql:// URL), keeping each password hash as
// Django stored it; lib/auth verifies it at the user's next login and replaces it with this app's.
// One transaction per batch; a rerun changes nothing that is already in, so an interrupted import
// is resumed by running it again. Never prints a password hash.
// Exit status: 0 done (skipped rows are reported, not errors), 1 failed, 2 bad arguments.
import { applyMigrations } from "./lib/command-env";
import { parseArgs } from "node:util";
import { isTemporarilyUnavailable } from "../lib/auth/errors";
import { mapDjangoUser, type MappedUser } from "../lib/auth/django/user-row";
import { importUserBatch, newImportRun } from "../lib/auth/django/import";
import { openDjangoSource, SourceError } from "./lib/django-source";
import { ImportReport } from "./lib/import-report";

const USAGE = `usage: npm run import-django -- <database> [--batch-size N]
  <database>  the Django project's database: a SQLite file path, or postgresql://user:pass@host:5432/name`;

function parseArguments(): { location: string; batchSize: number } {
  try {
    const { values, positionals } = parseArgs({
      options: { "batch-size": { type: "string" }, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      console.log(USAGE);
      process.exit(0);
    }
    if (positionals.length !== 1) throw new Error("name one database");
    const batchSize = Number(values["batch-size"] ?? 500);
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new Error("--batch-size must be an integer from 1 to 10000");
    return { location: positionals[0]!, batchSize };
  } catch (error) {
    console.error(`Error: ${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

function reason(error: unknown): string {
  if (error instanceof SourceError) return error.message;
  if (isTemporarilyUnavailable(error)) return "this app's database is unavailable";
  return error instanceof Error ? error.name : typeof error; // messages can quote values
}

const { location, batchSize } = parseArguments();
if (!applyMigrations()) process.exit(1);

const report = new ImportReport();
let read = 0;
try {
  const source = await openDjangoSource(location);
  try {
    const total = await source.count();
    console.log(`Importing ${total} ${total === 1 ? "user" : "users"} from ${source.description}.`);
    const run = newImportRun();
    let afterId = 0;
    let lastProgress = Date.now();
    for (;;) {
      const rows = await source.readBatch(afterId, batchSize);
      if (rows.length === 0) break;
      afterId = Number(rows[rows.length - 1]!.id);
      const users: MappedUser[] = [];
      for (const row of rows) {
        const mapped = mapDjangoUser(row);
        if (mapped.ok) users.push(mapped.user);
        else report.skip(mapped.djangoId, mapped.username, mapped.reason);
      }
      for (const outcome of await importUserBatch(users, run)) report.add(outcome);
      read += rows.length;
      // Progress on stderr for large tables, at most every two seconds.
      if (total > batchSize && (Date.now() - lastProgress > 2_000 || read >= total)) {
        console.error(`… ${read} of ${total} read (${Math.round((read / total) * 100)}%)`);
        lastProgress = Date.now();
      }
    }
  } finally {
    await source.close();
  }
} catch (error) {
  if (read > 0) report.print();
  const done = read > 0 ? ` after ${read} rows (those are saved; run the same command again to continue)` : "";
  console.error(`Error: the import stopped${done}: ${reason(error)}.`);
  process.exit(1);
}
report.print();
process.exit(0);
