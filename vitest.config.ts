import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";
import { testDatabaseUrl } from "./tests/support/databases.mjs";

// Unit tests run lib/auth against a real, freshly migrated database (tests/support/global-setup.ts):
// a temporary SQLite file, or a new PostgreSQL database under SEED_TEST_DATABASE=postgresql.
const env = {
  DATABASE_URL: testDatabaseUrl("unit"),
  SESSION_SECRET: "unit-test-secret-unit-test-secret-0123456789",
  BCRYPT_COST: "5",
  PRISMA_QUERY_EVENTS: "1",
};
// The global setup (which migrates) runs in this process; the tests run in workers.
Object.assign(process.env, env);

export default defineConfig({
  resolve: {
    alias: {
      "@/": fileURLToPath(new URL("./", import.meta.url)),
      // `server-only` throws outside React's server build; here we are the server.
      "server-only": fileURLToPath(new URL("./tests/support/empty.ts", import.meta.url)),
    },
  },
  test: {
    include: ["tests/unit/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 20_000,
    env,
  },
});
