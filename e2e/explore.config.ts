// TEMPORARY (deleted before hand-off): runs the suite against `next start` on a hand-made schema.
import base from "../playwright.config";
import { defineConfig } from "@playwright/test";
const db = process.env.E2E_DATABASE_PATH!;
export default defineConfig({
  ...base,
  testDir: ".",
  webServer: {
    ...(base.webServer as object),
    command: `node -e "const D=require('better-sqlite3');const d=new D('${db}');d.exec(require('fs').readFileSync('/tmp/e2e-explore/schema.sql','utf8'))" && npx next start -p 3100`,
  } as never,
});
