import { Secret, TOTP } from "otpauth";
import Database from "better-sqlite3";
import { TEST_PROVIDER } from "../tests/support/databases.mjs";
import { instancePort, startAppInstance, type AppInstance } from "./support/app-instance";
import { expect, randomCredentials, test } from "./support/fixtures";

// While another process holds SQLite's write lock, writes cannot happen: logins and signups must
// answer 503 with a clear message (never 500, never a half-written login), reads go on, nobody is
// logged out, and service resumes by itself when the lock is released.

test.describe.configure({ mode: "serial" });
test.skip(TEST_PROVIDER === "postgresql", "holds SQLite's file lock; outage-pg.spec.ts cuts the way to a PostgreSQL server instead");

let app: AppInstance;
test.beforeAll(async () => {
  app = await startAppInstance(instancePort(1));
});
test.afterAll(async () => {
  await app?.stop();
});

function holdWriteLock(databaseUrl: string): () => void {
  const holder = new Database(databaseUrl.slice("file:".length), { timeout: 5_000 });
  holder.exec("BEGIN IMMEDIATE");
  return () => {
    holder.exec("ROLLBACK");
    holder.close();
  };
}

test("a locked database answers 503, keeps sessions, and recovers by itself", async ({ playwright }) => {
  test.setTimeout(90_000);
  const api = await playwright.request.newContext({ baseURL: app.baseURL });
  const user = randomCredentials();
  expect((await api.post("/api/signup", { data: user })).status()).toBe(201);
  expect((await api.post("/api/login", { data: user })).status()).toBe(200);
  const other = randomCredentials();

  const release = holdWriteLock(app.databaseUrl);
  try {
    const login = await api.post("/api/login", { data: user });
    expect(login.status()).toBe(503);
    expect(login.headers()["retry-after"]).toBeTruthy();
    expect(await login.json()).toEqual({ error: "Service temporarily unavailable" });

    const signup = await api.post("/api/signup", { data: other });
    expect(signup.status()).toBe(503);
    expect(await signup.text()).not.toMatch(/prisma|sqlite|stack|at \//i);

    // Reading the session still works in WAL mode: nobody is logged out by the outage.
    const profile = await api.get("/api/profile");
    expect(profile.status()).toBe(200);
    expect((await profile.json()).profile.username).toBe(user.username);
  } finally {
    release();
  }

  expect((await api.get("/api/health")).status()).toBe(200);
  expect((await api.post("/api/signup", { data: other })).status()).toBe(201);
  expect((await api.post("/api/login", { data: other })).status()).toBe(200);
  expect((await (await api.get("/api/profile")).json()).profile.username).toBe(other.username);
  await api.dispose();
});

test("the login page says the service is unavailable while the database is locked", async ({ browser }) => {
  test.setTimeout(60_000);
  const api = await browser.newContext({ baseURL: app.baseURL });
  const page = await api.newPage();
  const user = randomCredentials();
  expect((await page.request.post("/api/signup", { data: user })).status()).toBe(201);

  await page.goto("/login");
  await page.getByLabel("Username", { exact: true }).fill(user.username);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  const release = holdWriteLock(app.databaseUrl);
  try {
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toHaveText(/temporarily unavailable/, { timeout: 20_000 });
    await expect(page).toHaveURL(/\/login$/);
  } finally {
    release();
  }
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await api.close();
});

test("the 503 page is plain and says what to do", async ({ request }) => {
  const response = await request.get(`${app.baseURL}/unavailable`);
  expect(response.status()).toBe(503);
  expect(response.headers()["content-type"]).toContain("text/html");
  expect(await response.text()).toContain("temporarily unavailable");
});

test("every form of /profile answers an outage with its own 'try again', never the error page", async ({ browser }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext({ baseURL: app.baseURL });
  const page = await context.newPage();
  const user = randomCredentials();
  expect((await page.request.post("/api/signup", { data: user })).status()).toBe(201);
  // Something for the sessions form to end.
  const elsewhere = await browser.newContext({ baseURL: app.baseURL });
  expect((await elsewhere.request.post("/api/login", { data: user })).status()).toBe(200);
  await page.goto("/login");
  await page.getByLabel("Username", { exact: true }).fill(user.username);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/profile$/);

  const forms: { path: string; fill: () => Promise<void>; submit: string }[] = [
    {
      path: "/profile/email",
      submit: "Save email",
      fill: async () => {
        await page.getByLabel("Email").fill("someone@example.org");
      },
    },
    {
      path: "/profile/password",
      submit: "Change password",
      fill: async () => {
        await page.getByLabel("New password").fill("an entirely new passphrase 8");
      },
    },
    {
      path: "/profile/sessions",
      submit: "Log out everywhere else",
      fill: async () => {},
    },
    {
      path: "/profile/two-factor",
      submit: "Turn on",
      fill: async () => {
        await page.getByRole("button", { name: "Set up two-factor authentication" }).click();
        // A right code: turning the factor on is the write the outage refuses.
        const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
        await page.getByLabel("Authentication code").fill(new TOTP({ secret: Secret.fromBase32(secret) }).generate());
      },
    },
    {
      path: "/profile/delete",
      submit: "Delete my account",
      fill: async () => {
        await page.getByLabel("Your username").fill(user.username);
      },
    },
  ];
  for (const form of forms) {
    await page.goto(form.path);
    await form.fill();
    const release = holdWriteLock(app.databaseUrl);
    try {
      await page.getByRole("button", { name: form.submit }).click();
      // The form's own message, in the form, with the form still there to try again.
      await expect(page.locator("form").getByRole("alert"), form.path).toHaveText(/temporarily unavailable/, { timeout: 30_000 });
      await expect(page.getByRole("heading", { name: "Service unavailable" }), form.path).toHaveCount(0);
      await expect(page.getByRole("button", { name: form.submit }), form.path).toBeVisible();
      await expect(page, form.path).toHaveURL(new RegExp(`${form.path}$`));
    } finally {
      release();
    }
  }
  await elsewhere.close();
  await context.close();
});
