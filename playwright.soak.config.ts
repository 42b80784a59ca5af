import { defineConfig } from "@playwright/test";

// `npm run test:soak`: stress/soak.spec.ts, the production server under mixed load with forced
// garbage collection for SOAK_SECONDS (600 by default), on a fresh SQLite file or, under
// SEED_TEST_DATABASE=postgresql, a fresh PostgreSQL database. No browser: HTTP clients only.
// scripts/test.mjs --soak runs it.
process.env.E2E_PORT ??= "3100";

export default defineConfig({
  testDir: "./stress",
  testMatch: "soak.spec.ts",
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : "list",
});
