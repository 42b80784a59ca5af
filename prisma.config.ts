import "dotenv/config";
import { fileURLToPath } from "node:url";
// The Prisma CLI would download a native schema-engine binary; this offline shim serves the same
// JSON-RPC protocol from @prisma/schema-engine-wasm (see docs/PRISMA.md).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(new URL("./scripts/schema-engine.mjs", import.meta.url));
// The CLI's update check would wait ~10 s for a host this network cannot reach.
process.env.CHECKPOINT_DISABLE ??= "1";
import { defineConfig } from "prisma/config";
import { databaseProvider, databaseUrl, prismaPaths } from "./lib/database-url.mjs";

// One schema and migrations folder per provider, chosen by DATABASE_URL (docs/PRISMA.md).
const url = databaseUrl();
const { schema, migrations } = prismaPaths(databaseProvider(url));

export default defineConfig({
  schema,
  migrations: { path: migrations },
  datasource: { url },
});
