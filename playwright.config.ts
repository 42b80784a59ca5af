import { join } from "node:path";
import { defineConfig } from "@playwright/test";
import { testDatabaseUrl } from "./tests/support/databases.mjs";

// The production build on a fresh database (SQLite, or PostgreSQL under
// SEED_TEST_DATABASE=postgresql), in Debian's Chromium (Playwright's own browser download cannot
// run here). scripts/test.mjs sets these variables; the fallbacks let `npx playwright test` run on
// its own. Set here, they reach the workers too. Extra app instances take the ports after E2E_PORT.
const port = Number((process.env.E2E_PORT ??= "3100"));
process.env.E2E_DATABASE_URL ??= testDatabaseUrl("e2e");
process.env.E2E_SESSION_SECRET ??= "e2e-secret-0123456789-e2e-secret-abcdef";
process.env.E2E_BASE_URL = `http://localhost:${port}`;
// The app's mail goes to an SMTP sink (e2e/support/smtp-sink.mjs) that e2e/support/mailbox.ts reads.
const smtpPort = Number((process.env.E2E_SMTP_PORT ??= String(port + 1000)));
process.env.E2E_MAIL_DIR ??= join(import.meta.dirname, "test-results", `mail-${port}`);
process.env.E2E_SMTP_URL = `smtp://127.0.0.1:${smtpPort}`;

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  // Twice Playwright's default per test: on this 2-core machine a test driving several browsers
  // shares the cores with the other worker's browser and the server (21-30 s seen under CI).
  timeout: 60_000,
  forbidOnly: !!process.env.CI,
  globalTeardown: "./e2e/support/global-teardown.ts",
  // Visual baselines (e2e/visual): rendered by Debian's Chromium on this machine; animations off,
  // caret hidden, a few pixels of antialiasing noise tolerated. `npm run test:visual:update` retakes them.
  snapshotPathTemplate: "{testDir}/{testFileDir}/__screenshots__/{testFileName}/{arg}{ext}",
  expect: {
    // Twice Playwright's default: under CI both cores are shared by two browsers, the test workers
    // and the server, and a cold worker's first render of a route can take seconds.
    timeout: 10_000,
    toHaveScreenshot: { animations: "disabled", caret: "hide", scale: "css", maxDiffPixels: 30, threshold: 0.2 },
  },
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : "list",
  use: {
    baseURL: process.env.E2E_BASE_URL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  webServer: [
    {
      command: "node e2e/support/smtp-sink.mjs",
      port: smtpPort,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      command: "node scripts/start.mjs",
      url: `http://localhost:${port}/api/health`,
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: "ignore", // one JSON line per auth event: too many for the test report
      stderr: "pipe",
      env: {
        PORT: String(port),
        DATABASE_URL: process.env.E2E_DATABASE_URL,
        SESSION_SECRET: process.env.E2E_SESSION_SECRET,
        // Cheap hashes keep the suite fast; the cost itself is covered by the unit tests.
        BCRYPT_COST: "4",
        // Hashing threads at nice 10 yield to every busy thread of the browsers and test workers that
        // share these two cores, so a login can wait behind them (once over 5 s in a local run).
        // Their priority is tested in tests/unit/bcrypt-pool.test.ts and measured by the bench.
        BCRYPT_THREAD_NICE: "0",
        NODE_ENV: "production",
        // Every test client is 127.0.0.1: per-client limits are raised here and tested on instances
        // of their own (e2e/security/throttling.spec.ts). Per-account limits keep their defaults.
        THROTTLE_LOGIN_CLIENT_FREE: "100000",
        THROTTLE_SIGNUP_CLIENT_FREE: "100000",
        THROTTLE_SESSION_CLIENT_FREE: "100000",
        THROTTLE_EMAIL_CLIENT_FREE: "100000",
        THROTTLE_MAIL_CLIENT_FREE: "100000",
        THROTTLE_LINK_CLIENT_FREE: "100000",
        // http://, so cookies stay as they were (only https:// makes them Secure): for mail links.
        APP_ORIGIN: process.env.E2E_BASE_URL,
        SMTP_URL: process.env.E2E_SMTP_URL,
        EMAIL_FROM: "Seed <no-reply@seed.test>",
      },
    },
  ],
});
