import { Secret, TOTP } from "otpauth";
import type { BrowserContext, Page } from "@playwright/test";
import { expect, test, type Credentials } from "../support/fixtures";
import { cookieHeader, SESSION_COOKIE } from "../support/session-cookie";
import { PasswordPage, SessionsPage, TwoFactorPage, VerifyPage } from "../support/pages/account-pages";

// The second factor (TOTP + recovery codes): enrolment, the login's second step, one-time codes,
// and that no step can be skipped.

const PERIOD_MS = 30_000;

/** The code of the time step `offset` steps away from now (the server accepts -1, 0 and +1). */
function codeAt(secret: string, offset: number, now: number): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: "SHA1" }).generate({
    timestamp: now + offset * PERIOD_MS,
  });
}

/** Starts at the beginning of a time step, so three consecutive steps stay valid for the test. */
async function freshTimeStep(): Promise<number> {
  const left = PERIOD_MS - (Date.now() % PERIOD_MS);
  if (left < 20_000) await new Promise((resolve) => setTimeout(resolve, left + 200));
  return Date.now();
}

async function loginWithPassword(page: Page, user: Credentials) {
  await page.goto("/login");
  await page.getByLabel("Username", { exact: true }).fill(user.username);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Log in" }).click();
}

/** Enrols the logged-in page's user; returns the secret and the recovery codes. */
async function enrol(page: Page, _user: Credentials, now: number): Promise<{ secret: string; recoveryCodes: string[] }> {
  const twoFactor = new TwoFactorPage(page);
  await twoFactor.goto();
  const secret = await twoFactor.begin();
  // The previous step's code: the login below can then use the current and the next one.
  await twoFactor.confirm(codeAt(secret, -1, now));
  await expect(twoFactor.recoveryCodes).toHaveCount(10);
  return { secret, recoveryCodes: (await twoFactor.recoveryCodes.allTextContents()).map((c) => c.trim()) };
}

test("enrolment needs a valid code, ends other sessions and rotates this one", async ({
  page,
  context,
  apiUser,
  loginPage,
  anonymousRequest,
  playwright,
  baseURL,
}) => {
  test.setTimeout(60_000);
  const now = await freshTimeStep();
  const elsewhere = await playwright.request.newContext({ baseURL });
  expect((await elsewhere.post("/api/login", { data: apiUser })).status()).toBe(200);
  await loginPage.loginSuccessfully(apiUser);
  const before = (await context.cookies()).find((c) => c.name === SESSION_COOKIE)!.value;

  await page.goto("/profile/two-factor");
  await page.getByRole("button", { name: "Set up two-factor authentication" }).click();
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  await page.getByLabel("Authentication code").fill("000000" === codeAt(secret, 0, now) ? "111111" : "000000");
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByText("That code is not valid.")).toBeVisible();
  expect((await elsewhere.get("/api/profile")).status()).toBe(200); // nothing changed yet

  await page.getByLabel("Authentication code").fill(codeAt(secret, 0, now));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByTestId("recovery-codes").getByRole("listitem")).toHaveCount(10);

  expect((await elsewhere.get("/api/profile")).status()).toBe(401);
  expect((await anonymousRequest.get("/api/profile", { headers: cookieHeader(before) })).status()).toBe(401);
  await page.reload();
  await expect(page.getByTestId("two-factor-status")).toHaveText("On. Recovery codes left: 10.");
  await elsewhere.dispose();
});

test("login asks for the code; a code works once; a recovery code works once", async ({ page, browser, baseURL, apiUser, loginPage }) => {
  test.setTimeout(60_000);
  const now = await freshTimeStep();
  await loginPage.loginSuccessfully(apiUser);
  const { secret, recoveryCodes } = await enrol(page, apiUser, now);

  const device = await browser.newContext({ baseURL });
  const other = await device.newPage();
  await loginWithPassword(other, apiUser);
  await expect(other).toHaveURL(/\/login\/verify$/);
  // Halfway through, the user is not logged in: the protected page still sends them away.
  await other.goto("/profile");
  await expect(other).toHaveURL(/\/login\?next=%2Fprofile$/);
  await other.goto("/login/verify");
  await other.getByLabel("Authentication code").fill(codeAt(secret, -1, now)); // used by the enrolment
  await other.getByRole("button", { name: "Verify" }).click();
  await expect(other.getByRole("main").getByRole("alert")).toContainText("That code is not valid.");
  const code = codeAt(secret, 0, now);
  await new VerifyPage(other).verify(code);
  await expect(other).toHaveURL(/\/profile$/);

  // The same code a second time: refused. A recovery code: once.
  const third = await device.newPage();
  await device.clearCookies();
  await loginWithPassword(third, apiUser);
  await new VerifyPage(third).verify(code);
  await expect(third.getByRole("main").getByRole("alert")).toContainText("That code is not valid.");
  await new VerifyPage(third).verify(recoveryCodes[0]!.toUpperCase());
  await expect(third).toHaveURL(/\/profile$/);
  await device.clearCookies();
  await loginWithPassword(third, apiUser);
  await new VerifyPage(third).verify(recoveryCodes[0]!);
  await expect(third.getByRole("main").getByRole("alert")).toContainText("That code is not valid.");
  await device.close();
});

test("the API needs the code in the same request, and the verify page needs a right password first", async ({ page, apiUser, loginPage, anonymousRequest }) => {
  test.setTimeout(60_000);
  const now = await freshTimeStep();
  await loginPage.loginSuccessfully(apiUser);
  const { secret } = await enrol(page, apiUser, now);

  const bare = await anonymousRequest.post("/api/login", { data: apiUser });
  expect(bare.status()).toBe(401);
  expect(await bare.json()).toEqual({ error: "Authentication code required", secondFactor: true });
  expect(bare.headers()["set-cookie"]).toBeUndefined();
  const wrongPassword = await anonymousRequest.post("/api/login", { data: { ...apiUser, password: "nope-nope-nope", code: codeAt(secret, 0, now) } });
  expect(wrongPassword.status()).toBe(401);
  expect(await wrongPassword.json()).toEqual({ error: "Invalid credentials" });
  const ok = await anonymousRequest.post("/api/login", { data: { ...apiUser, code: codeAt(secret, 0, now) } });
  expect(ok.status()).toBe(200);

  await page.context().clearCookies();
  await page.goto("/login/verify");
  await expect(page).toHaveURL(/\/login$/);
});

test("turning the factor off needs a code", async ({ page, apiUser, loginPage, anonymousRequest }) => {
  test.setTimeout(60_000);
  const now = await freshTimeStep();
  await loginPage.loginSuccessfully(apiUser);
  const { secret } = await enrol(page, apiUser, now);
  await page.reload();
  await page.getByLabel("Authentication code").fill(codeAt(secret, -1, now)); // used by the enrolment
  await page.getByRole("button", { name: "Turn off" }).click();
  await expect(page.getByText("That code is not valid.")).toBeVisible();
  await page.getByLabel("Authentication code").fill(codeAt(secret, 0, now));
  await page.getByRole("button", { name: "Turn off" }).click();
  await expect(page.getByRole("main").getByRole("status")).toHaveText("Two-factor authentication is off. Your other sessions were logged out.");
  expect((await anonymousRequest.post("/api/login", { data: apiUser })).status()).toBe(200);
});

test("guessing codes is throttled like guessing passwords", async ({ page, browser, baseURL, apiUser, loginPage }) => {
  test.setTimeout(60_000);
  const now = await freshTimeStep();
  await loginPage.loginSuccessfully(apiUser);
  await enrol(page, apiUser, now);
  const device = await browser.newContext({ baseURL });
  const attacker = await device.newPage();
  await loginWithPassword(attacker, apiUser);
  await expect(attacker).toHaveURL(/\/login\/verify$/);
  const alert = attacker.getByRole("main").getByRole("alert");
  for (let i = 0; i < 8; i++) {
    await attacker.getByLabel("Authentication code").fill(String(100000 + i));
    // Wait for the action's answer: React resets the form when it lands.
    const answered = attacker.waitForResponse((r) => r.request().method() === "POST");
    await attacker.getByRole("button", { name: "Verify" }).click();
    await answered;
    await expect(attacker.getByRole("button", { name: "Verify" })).toBeEnabled();
    await expect(alert).toHaveText(/not valid|Too many attempts/);
    if (/Too many attempts/.test((await alert.textContent()) ?? "")) break;
  }
  await expect(alert).toHaveText(/^Too many attempts\. Please wait \d+ seconds and try again\.$/);
  await device.close();
});

/** Goes to the second step with a cookie jar of its own; says whether that logged the jar in. */
async function tryTicket(context: BrowserContext, code: string): Promise<boolean> {
  const page = await context.newPage();
  await page.goto("/login/verify");
  if (/\/login\/verify$/.test(page.url())) {
    await new VerifyPage(page).verify(code);
    await expect(
      page
        .getByRole("main")
        .getByRole("alert")
        .or(page.getByRole("heading", { name: "Log in" }))
        .or(page.getByTestId("profile-username")),
    ).toBeVisible();
  }
  const status = (await context.request.get("/api/profile")).status();
  await page.close();
  return status === 200;
}

test("a sealed value made for another purpose is never taken for the login's ticket", async ({ page, context, browser, baseURL, apiUser, loginPage }) => {
  test.setTimeout(60_000);
  const now = await freshTimeStep();
  await loginPage.loginSuccessfully(apiUser);
  const { secret, recoveryCodes } = await enrol(page, apiUser, now);
  // What a thief holding this browser's cookies has: the session's seal and the 2FA page's own.
  const sealed = (await context.cookies()).filter((c) => c.name === SESSION_COOKIE || c.name.startsWith("mfa_"));
  expect(sealed.length).toBeGreaterThanOrEqual(2);
  // Each try with a code that would pass: the TOTP code of this step first, then recovery codes.
  const codes = [codeAt(secret, 0, now), ...recoveryCodes];
  for (const cookie of sealed) {
    for (const name of ["mfa_ticket", SESSION_COOKIE]) {
      if (name === cookie.name) continue;
      const thief = await browser.newContext({ baseURL });
      await thief.addCookies([{ name, value: cookie.value, url: baseURL! }]);
      expect(await tryTicket(thief, codes.shift()!), `${cookie.name} as ${name}`).toBe(false);
      await thief.close();
    }
  }
});

test("the login's ticket works once, and only for the browser that gave the password", async ({ page, browser, baseURL, apiUser, loginPage }) => {
  test.setTimeout(60_000);
  const now = await freshTimeStep();
  await loginPage.loginSuccessfully(apiUser);
  const { secret, recoveryCodes } = await enrol(page, apiUser, now);
  const device = await browser.newContext({ baseURL });
  const other = await device.newPage();
  await loginWithPassword(other, apiUser);
  await expect(other).toHaveURL(/\/login\/verify$/);
  const halfway = await device.cookies();
  await new VerifyPage(other).verify(codeAt(secret, 0, now));
  await expect(other).toHaveURL(/\/profile$/);

  // The cookies of the halfway state, replayed elsewhere with another valid code: not a login.
  const replay = await browser.newContext({ baseURL });
  await replay.addCookies(halfway);
  expect(await tryTicket(replay, recoveryCodes[0]!)).toBe(false);
  await replay.close();
  await device.close();
});

test("a pending second step dies when the user logs out everywhere else or changes the password", async ({ page, browser, baseURL, apiUser, loginPage }) => {
  test.setTimeout(90_000);
  const now = await freshTimeStep();
  await loginPage.loginSuccessfully(apiUser);
  const { recoveryCodes } = await enrol(page, apiUser, now);
  const halfway = async () => {
    const device = await browser.newContext({ baseURL });
    const pending = await device.newPage();
    await loginWithPassword(pending, apiUser);
    await expect(pending).toHaveURL(/\/login\/verify$/);
    await pending.close();
    return device;
  };

  const first = await halfway();
  // Another device logged in, so there is something to log out everywhere else.
  const elsewhere = await browser.newContext({ baseURL });
  expect((await elsewhere.request.post("/api/login", { data: { ...apiUser, code: recoveryCodes[0] } })).status()).toBe(200);
  const sessions = new SessionsPage(page);
  await sessions.goto();
  await sessions.logOutEverywhereElse();
  await expect(page.getByRole("main").getByRole("status")).toBeVisible();
  expect(await tryTicket(first, recoveryCodes[1]!)).toBe(false);
  await first.close();
  await elsewhere.close();

  const second = await halfway();
  const newPassword = `a new passphrase ${Date.now()}`;
  const passwordPage = new PasswordPage(page);
  await passwordPage.goto();
  await passwordPage.change(newPassword);
  await expect(page).toHaveURL(/\/profile$/);
  expect(await tryTicket(second, recoveryCodes[2]!)).toBe(false);
  await second.close();
});

test("setting up a second factor is refused while one is on", async ({ page, context, apiUser, loginPage }) => {
  test.setTimeout(60_000);
  const now = await freshTimeStep();
  await loginPage.loginSuccessfully(apiUser);
  // A tab still showing the "Set up" button while another turns the factor on.
  await page.goto("/profile/two-factor");
  const stale = await context.newPage();
  await stale.goto("/profile/two-factor");
  await enrol(page, apiUser, now);
  await stale.getByRole("button", { name: "Set up two-factor authentication" }).click();
  await expect(stale.getByRole("main")).toContainText("Two-factor authentication is already on.");
  expect((await context.cookies()).some((c) => c.name === "mfa_setup")).toBe(false);
});
