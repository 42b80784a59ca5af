import { defineConfig } from "vitest/config";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// Unit tests run lib/auth against a real, freshly migrated SQLite file (tests/support/global-setup.ts).
const databasePath = join(tmpdir(), `seed-unit-${process.pid}-${Date.now()}.db`);
const env = {
  DATABASE_URL: `file:${databasePath}`,
  SESSION_SECRET: "unit-test-secret-unit-test-secret-0123456789",
  BCRYPT_COST: "5",
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
