import { randomBytes } from "node:crypto";
import type { Browser, Page } from "@playwright/test";
import { instancePort, startAppInstance, type AppInstance } from "../support/app-instance";
import { expect, randomCredentials, test } from "../support/fixtures";
import { EmailPage } from "../support/pages/account-pages";
import { LoginPage } from "../support/pages/auth-pages";

// The email-change form is not an oracle for which addresses have accounts: it answers a taken
// address like a free one (e2e/security/enumeration.spec.ts), and it is throttled per account and
// per client, even with the right password, on an instance of its own with small limits and
// long blocks (so a slow page load cannot outlast one).

const EMAIL_ACCOUNT_FREE = 2;
const EMAIL_CLIENT_FREE = 3;

test.describe.configure({ mode: "serial" });

let app: AppInstance;
test.beforeAll(async () => {
  app = await startAppInstance(instancePort(15), {
    env: {
      TRUSTED_PROXY_HOPS: "1",
      THROTTLE_BASE_DELAY: "120",
      THROTTLE_EMAIL_ACCOUNT_FREE: String(EMAIL_ACCOUNT_FREE),
      THROTTLE_EMAIL_CLIENT_FREE: String(EMAIL_CLIENT_FREE),
    },
  });
});
test.afterAll(async () => {
  await app?.stop();
});

const newClient = () => `10.${[...randomBytes(3)].join(".")}`;
const address = () => `person-${randomBytes(4).toString("hex")}@example.org`;
const WAIT = /^Too many attempts\. Please wait \d+ (seconds|minutes?) and try again\.$/;

async function loggedIn(browser: Browser, client: string) {
  const credentials = randomCredentials();
  const context = await browser.newContext({ baseURL: app.baseURL, extraHTTPHeaders: { "x-forwarded-for": client } });
  expect((await context.request.post("/api/signup", { data: credentials, headers: { "x-forwarded-for": newClient() } })).status()).toBe(201);
  const page = await context.newPage();
  await new LoginPage(page).login(credentials);
  await expect(page).toHaveURL(/\/profile$/);
  return { context, page, password: credentials.password };
}

/** Submits the email form; true when it was accepted (back on /profile), false when told to wait. */
async function changeEmail(page: Page): Promise<boolean> {
  const emailPage = new EmailPage(page);
  await emailPage.goto();
  await emailPage.change(address());
  const alert = page.getByRole("main").getByRole("alert");
  await expect(page.getByTestId("profile-username").or(alert)).toBeVisible();
  if (await alert.isVisible()) {
    await expect(alert).toHaveText(WAIT);
    return false;
  }
  return true;
}

test("email changes: a few per account, even with the right password, then a wait", async ({ browser }) => {
  const user = await loggedIn(browser, newClient());
  for (let i = 0; i < EMAIL_ACCOUNT_FREE; i++) expect(await changeEmail(user.page)).toBe(true);
  expect(await changeEmail(user.page)).toBe(false);
  await user.context.close();
});

test("email changes: a few per client address across accounts, then a wait; other clients go on", async ({ browser }) => {
  const client = newClient();
  let accepted = 0;
  // Fresh accounts, each under its own limit: only the client's count can stop them.
  for (let round = 0; round <= EMAIL_CLIENT_FREE && accepted <= EMAIL_CLIENT_FREE; round++) {
    const user = await loggedIn(browser, client);
    const ok = await changeEmail(user.page);
    await user.context.close();
    if (!ok) break;
    accepted++;
  }
  expect(accepted).toBe(EMAIL_CLIENT_FREE);
  const elsewhere = await loggedIn(browser, newClient());
  expect(await changeEmail(elsewhere.page)).toBe(true);
  await elsewhere.context.close();
});
