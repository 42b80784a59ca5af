import type { APIRequestContext, PlaywrightWorkerArgs } from "@playwright/test";
import { instancePort, startAppInstance } from "./support/app-instance";
import { allEvents, eventsOf, findUser, renameTable, sessionsOfUser, type EventRow } from "./support/db";
import { expect, randomCredentials, test, type Credentials } from "./support/fixtures";

// The audit trail (auth_event) as the running app writes it: one row per auth event, with the
// client's address and user agent, and never a password, hash, cookie or session key.

const AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

async function client(playwright: PlaywrightWorkerArgs["playwright"], baseURL: string | undefined): Promise<APIRequestContext> {
  return playwright.request.newContext({ baseURL, userAgent: AGENT });
}

async function signedUp(api: APIRequestContext): Promise<Credentials & { id: number }> {
  const credentials = randomCredentials();
  expect((await api.post("/api/signup", { data: credentials })).status()).toBe(201);
  return { ...credentials, id: (await findUser(credentials.username))!.id };
}

const names = (rows: EventRow[]) => rows.map((row) => row.event);

/** Fails when any audit row holds one of these strings anywhere. */
async function expectNowhereInTrail(secrets: string[]): Promise<void> {
  const text = JSON.stringify(await allEvents());
  for (const secret of secrets.filter((s) => s.length >= 8)) expect(text).not.toContain(secret);
}

test("signup, login, failure, throttling, password change and logout each leave one row, with address and device", async ({ playwright, baseURL }) => {
  const api = await client(playwright, baseURL);
  const user = await signedUp(api);
  expect((await api.post("/api/login", { data: { username: user.username.toUpperCase(), password: "wrong-password-1" } })).status()).toBe(401);
  expect((await api.post("/api/login", { data: user })).status()).toBe(200);
  const newPassword = `${user.password}-new`;
  expect((await api.post("/api/password", { data: { currentPassword: user.password, newPassword } })).status()).toBe(200);
  const sessionKeyHashes = (await sessionsOfUser(user.id)).map((row) => row.session_key_hash);
  expect(sessionKeyHashes.length).toBeGreaterThan(0);
  expect((await api.post("/api/logout")).status()).toBe(200);
  for (let n = 0; n < 6; n++) await api.post("/api/login", { data: { username: user.username, password: `wrong-${n}-password` } });

  const rows = await eventsOf({ userId: user.id });
  expect(names(rows).slice(0, 5)).toEqual(["signup", "login_failed", "login", "password_changed", "logout"]);
  expect(names(rows)).toContain("login_throttled");
  // The failed login records the account the name typed (in any case) names, by its own name.
  expect(rows[1]).toMatchObject({ username: user.username, user_id: user.id, detail: "credentials" });
  for (const row of rows) {
    expect(row.ip_address).toMatch(/^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/);
    expect(row.user_agent).toBe(AGENT);
  }
  const cookies = (await api.storageState()).cookies.map((c) => c.value);
  await expectNowhereInTrail([user.password, newPassword, "wrong-password-1", "wrong-0-password", ...cookies, ...sessionKeyHashes]);
  const stored = (await findUser(user.username))!.password;
  await expectNowhereInTrail([stored, stored.slice(-31)]);
  await api.dispose();
});

test("a failed login for a name that is no account keeps no trace of the name typed; a keyed hash groups the tries", async ({
  playwright,
  baseURL,
  page,
  loginPage,
  staffUser,
}) => {
  // What a person typed into the username field may be their password.
  const agent = `${AGENT} typed-${randomCredentials().username}`;
  const api = await playwright.request.newContext({ baseURL, userAgent: agent });
  const typed = randomCredentials().password;
  const other = randomCredentials().password;
  for (const username of [typed, typed, other]) {
    expect((await api.post("/api/login", { data: { username, password: "whatever-password-1" } })).status()).toBe(401);
  }
  const rows = (await allEvents()).filter((row) => row.user_agent === agent);
  expect(rows.map((row) => row.event)).toEqual(["login_failed", "login_failed", "login_failed"]);
  for (const row of rows) expect(row).toMatchObject({ user_id: null, username: null });
  const hashes = rows.map((row) => row.name_hash);
  expect(hashes[0]).toMatch(/^[0-9a-f]{16}$/);
  expect(hashes[1]).toBe(hashes[0]);
  expect(hashes[2]).not.toBe(hashes[0]);
  await expectNowhereInTrail([typed, other]);
  await api.dispose();

  // Staff looking for the name find its tries, shown by the hash only.
  await loginPage.loginSuccessfully(staffUser);
  await page.goto(`/admin/events?user=${encodeURIComponent(typed)}&event=login_failed`);
  await expect(page.getByTestId("event-row")).toHaveCount(2);
  await expect(page.getByTestId("event-row").first()).toContainText(`unknown name #${hashes[0]!.slice(0, 8)}`);
  await expect(page.getByRole("main")).not.toContainText(typed.slice(3));
});

test("ending sessions, deactivating and deleting an account are recorded, the staff member named", async ({
  page,
  loginPage,
  adminUsersPage,
  staffUser,
  playwright,
  baseURL,
}) => {
  const api = await client(playwright, baseURL);
  const user = await signedUp(api);
  expect((await api.post("/api/login", { data: user })).status()).toBe(200);
  await loginPage.loginSuccessfully(staffUser);
  await adminUsersPage.goto(`?q=${user.username}`);
  await adminUsersPage.button("End sessions", user.username).click();
  await expect(adminUsersPage.notice).toContainText("Ended 1 session");
  await adminUsersPage.button("Deactivate", user.username).click();
  await expect(adminUsersPage.notice).toContainText("is deactivated");
  await adminUsersPage.button("Reactivate", user.username).click();
  await expect(adminUsersPage.notice).toContainText("is active again");

  const staffId = (await findUser(staffUser.username))!.id;
  const rows = await eventsOf({ userId: user.id });
  expect(names(rows)).toEqual(["signup", "login", "sessions_ended", "account_deactivated", "account_reactivated"]);
  expect(rows[2]).toMatchObject({ username: user.username, detail: `1 ended by staff user ${staffId} (${staffUser.username})` });

  // The user deletes the account: the trail outlives it.
  const own = await page.context().browser()!.newContext({ baseURL });
  const ownPage = await own.newPage();
  await ownPage.goto("/login");
  await ownPage.getByLabel("Username", { exact: true }).fill(user.username);
  await ownPage.getByLabel("Password", { exact: true }).fill(user.password);
  await ownPage.getByRole("button", { name: "Log in" }).click();
  await expect(ownPage).toHaveURL(/\/profile$/);
  await ownPage.getByRole("link", { name: "Delete account" }).click();
  await ownPage.getByLabel("Your username").fill(user.username);
  await ownPage.getByRole("button", { name: "Delete my account" }).click();
  await expect(ownPage.getByRole("main").getByRole("status")).toHaveText("Your account was deleted.");
  expect(names(await eventsOf({ userId: user.id })).slice(-2)).toEqual(["login", "account_deleted"]);
  await own.close();
  await api.dispose();
});

test("/profile/sessions shows the user's recent activity: what, from which device, how long ago", async ({ page, loginPage, apiUser, playwright, baseURL }) => {
  const api = await client(playwright, baseURL);
  expect((await api.post("/api/login", { data: { ...apiUser, password: "not-the-password" } })).status()).toBe(401);
  await loginPage.loginSuccessfully(apiUser);
  await page.goto("/profile/sessions");
  const activity = page.getByTestId("recent-activity");
  await expect(page.getByRole("heading", { name: "Recent activity" })).toBeVisible();
  await expect(activity.getByTestId("activity").first()).toHaveAttribute("data-event", "login");
  await expect(activity.getByTestId("activity").first()).toHaveText(/^Signed in from .+ on Linux \(.+\), just now$/);
  await expect(activity.locator('[data-event="login_failed"]')).toContainText("Failed sign-in attempt from Chrome 131 on Linux");
  await expect(activity.locator('[data-event="signup"]')).toBeVisible();
  await api.dispose();
});

test("/admin/events lists everyone's events with filters; staff only", async ({ page, loginPage, apiUser, staffUser, request }) => {
  expect((await request.post("/api/login", { data: { ...apiUser, password: "not-the-password" } })).status()).toBe(401);
  await loginPage.loginSuccessfully(apiUser);
  expect((await page.goto("/admin/events"))!.status()).toBe(403);
  await page.context().clearCookies();

  await loginPage.loginSuccessfully(staffUser);
  await page.goto("/admin/users");
  await page.getByRole("link", { name: "Auth events" }).click();
  await expect(page.getByRole("heading", { name: "Auth events" })).toBeVisible();
  await page.getByLabel("Event").selectOption("login_failed");
  await page.getByLabel("Username").fill(apiUser.username);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/event=login_failed/);
  await expect(page.getByTestId("event-row")).toHaveCount(1);
  await expect(page.getByTestId("event-count")).toHaveText(/^1–1 of 1 event/);
  await page.getByLabel("Event").selectOption("");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByTestId("event-row")).toHaveCount(3); // signup, the failure, the login
  const today = new Date().toISOString().slice(0, 10);
  await page.goto(`/admin/events?user=${apiUser.username}&from=2000-01-01&to=2000-01-02`);
  await expect(page.getByTestId("event-count")).toHaveText(/No events match/);
  await page.goto(`/admin/events?user=${apiUser.username}&from=${today}&to=${today}&page=junk&event=nonsense`);
  await expect(page.getByTestId("event-row")).toHaveCount(3);
  await page.goto("/admin/events");
  await expect(page.getByTestId("event-count")).toHaveText(/^1–\d+ of \d+ events/);
  // A NUL in the name (PostgreSQL refuses it in text) finds nothing rather than failing.
  await page.goto("/admin/events?user=a%00b");
  await expect(page.getByTestId("event-count")).toHaveText(/No events match/);
});

test("when the audit row cannot be written, the request still succeeds and the log says why", async ({ playwright }) => {
  test.setTimeout(120_000);
  const app = await startAppInstance(instancePort(11));
  try {
    const api = await playwright.request.newContext({ baseURL: app.baseURL });
    const user = randomCredentials();
    expect((await api.post("/api/signup", { data: user })).status()).toBe(201);
    await renameTable("auth_event", "auth_event_away", app.databaseUrl);
    try {
      expect((await api.post("/api/login", { data: user })).status()).toBe(200);
      expect((await api.get("/api/profile")).status()).toBe(200);
      expect((await api.post("/api/logout")).status()).toBe(200);
    } finally {
      await renameTable("auth_event_away", "auth_event", app.databaseUrl);
    }
    await expect.poll(() => app.logs()).toContain('"event":"auth_event_write_failed","authEvent":"login"');
    expect(app.logs()).toContain('"event":"login"'); // the log line stays
    await api.dispose();
  } finally {
    await app.stop();
  }
});
