import { defineConfig } from "@playwright/test";

// `npm run test:stress`: the sustained-load run in stress/, against app instances it starts itself
// (the production build, on a fresh SQLite file or, under SEED_TEST_DATABASE=postgresql, a fresh
// PostgreSQL database). No browser: HTTP clients only. scripts/test.mjs --stress runs it.
process.env.E2E_PORT ??= "3100";

export default defineConfig({
  testDir: "./stress",
  testMatch: "sustained-load.spec.ts",
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : "list",
});
