import { instancePort, startAppInstance } from "../support/app-instance";
import { findUser } from "../support/db";
import { expect, randomCredentials, test } from "../support/fixtures";
import { cookieValue, sessionSetCookie } from "../support/session-cookie";

// Nothing secret reaches the server's output: run the flows against an instance whose stdout and
// stderr are captured, then search them for every secret the flows handled.

test("no password, hash, sealed cookie or session key in the server's logs", async ({ playwright, browser }) => {
  test.setTimeout(90_000);
  const app = await startAppInstance(instancePort(5));
  try {
    const api = await playwright.request.newContext({ baseURL: app.baseURL });
    const credentials = randomCredentials();
    const newPassword = `${credentials.password}-changed`;
    await api.post("/api/signup", { data: credentials });
    await api.post("/api/login", { data: { ...credentials, password: "wrong-password-1" } });
    const ghost = randomCredentials();
    await api.post("/api/login", { data: ghost });
    const login = await api.post("/api/login", { data: credentials });
    const cookie = cookieValue(sessionSetCookie(login)!);
    await api.get("/api/profile");
    await api.post("/api/login", { data: "{broken json", headers: { "content-type": "application/json" } });
    const change = await api.post("/api/password", { data: { currentPassword: credentials.password, newPassword } });
    const changedCookie = cookieValue(sessionSetCookie(change)!);
    await api.post("/api/logout");

    const page = await (await browser.newContext({ baseURL: app.baseURL })).newPage();
    await page.goto("/login");
    await page.getByLabel("Username", { exact: true }).fill(credentials.username);
    await page.getByLabel("Password", { exact: true }).fill(newPassword);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page).toHaveURL(/\/profile$/);
    await page.getByRole("button", { name: "Log out", exact: true }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.context().close();
    await api.dispose();

    const hash = (await findUser(credentials.username, app.databaseUrl))!.password;
    const logs = app.logs();
    expect(logs).toContain("listening");
    // One JSON line per auth event, each with its request id.
    const events = logs
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as { event?: string; requestId?: string | null; userId?: number | null });
    const names = events.map((e) => e.event);
    for (const name of ["signup", "login_failed", "login", "password_changed", "logout"]) expect(names).toContain(name);
    for (const e of events.filter((e) => e.event)) expect(e.requestId).toMatch(/^[0-9a-f-]{36}$/);
    // A name that is no account may be a password typed into the wrong field.
    for (const secret of [
      ghost.username,
      ghost.password,
      credentials.password,
      newPassword,
      "wrong-password-1",
      hash,
      hash.split("$").pop()!,
      cookie,
      changedCookie,
    ]) {
      expect(logs).not.toContain(secret);
    }
    expect(logs).not.toContain("bcrypt_sha256$");
  } finally {
    await app.stop();
  }
});
