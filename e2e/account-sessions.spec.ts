import type { Browser } from "@playwright/test";
import { expect, test, type Credentials } from "./support/fixtures";
import { findUser, staleVerificationOfUser } from "./support/db";
import { ConfirmPage } from "./support/pages/account-pages";
import { LoginPage } from "./support/pages/auth-pages";

// "Where you're logged in": the user sees their sessions and ends other devices' behind a recent
// proof of identity (ASVS 7.5.2); the other device is anonymous on its very next request.

async function loggedInDevice(browser: Browser, baseURL: string, user: Credentials) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await new LoginPage(page).loginSuccessfully(user);
  return { context, page };
}

/** The device's "Sessions and activity" page, reached from the profile as a user would. */
async function openSessions(device: { page: import("@playwright/test").Page }) {
  await device.page.getByRole("link", { name: "Sessions and activity" }).click();
  await expect(device.page).toHaveURL(/\/profile\/sessions$/);
}

test("the sessions page lists this device and the others, with browser, system and address", async ({ browser, baseURL, apiUser }) => {
  const other = await loggedInDevice(browser, baseURL!, apiUser);
  const here = await loggedInDevice(browser, baseURL!, apiUser);
  await openSessions(here);
  const sessions = here.page.getByTestId("session");
  await expect(sessions).toHaveCount(2);
  await expect(here.page.locator("[data-testid=session][data-current]")).toHaveCount(1);
  await expect(here.page.locator("[data-testid=session][data-current]")).toContainText("This device");
  await expect(sessions.first()).toContainText(/Chrome \d+ on Linux/);
  await expect(sessions.first()).toContainText(/127\.0\.0\.1|::1/);
  await other.context.close();
  await here.context.close();
});

test("ending another session needs a recent proof of identity and takes effect on that device's next request", async ({ browser, baseURL, apiUser }) => {
  const other = await loggedInDevice(browser, baseURL!, apiUser);
  const here = await loggedInDevice(browser, baseURL!, apiUser);
  await openSessions(here);
  const otherRow = here.page.locator("[data-testid=session]:not([data-current])");

  // Past the window, the button asks who it is first, and ends nothing.
  const { id } = (await findUser(apiUser.username))!;
  await staleVerificationOfUser(id);
  await otherRow.getByRole("button", { name: "Log out this session" }).click();
  const confirm = new ConfirmPage(here.page);
  await expect(confirm.heading).toBeVisible();
  await expect(here.page).toHaveURL(/\/profile\/confirm\?next=%2Fprofile%2Fsessions$/);
  await other.page.reload();
  await expect(other.page.getByTestId("profile-username")).toHaveText(apiUser.username);
  await confirm.withPasswordOf("not-my-password");
  await expect(here.page.getByText("That is not your password.")).toBeVisible();
  await confirm.withPasswordOf(apiUser.password);
  await expect(here.page).toHaveURL(/\/profile\/sessions$/);

  await otherRow.getByRole("button", { name: "Log out this session" }).click();
  await expect(here.page.getByRole("main").getByRole("status")).toHaveText("1 session was logged out.");
  await expect(here.page.getByTestId("session")).toHaveCount(1);
  await other.page.reload();
  await expect(other.page).toHaveURL(/\/login\?next=%2Fprofile$/);
  await other.context.close();
  await here.context.close();
});

test("log out everywhere else keeps only this device", async ({ browser, baseURL, apiUser }) => {
  test.setTimeout(60_000); // three browsers logging in: 21 s once on a loaded machine
  const others = [await loggedInDevice(browser, baseURL!, apiUser), await loggedInDevice(browser, baseURL!, apiUser)];
  const here = await loggedInDevice(browser, baseURL!, apiUser);
  await openSessions(here);
  await expect(here.page.getByTestId("session")).toHaveCount(3);
  await here.page.getByRole("button", { name: "Log out everywhere else" }).click();
  await expect(here.page.getByRole("main").getByRole("status")).toHaveText("2 sessions were logged out.");
  await expect(here.page.getByText("You are not logged in anywhere else.")).toBeVisible();
  for (const other of others) {
    expect((await other.context.request.get("/api/profile")).status()).toBe(401);
    await other.context.close();
  }
  expect((await here.context.request.get("/api/profile")).status()).toBe(200);
  await here.context.close();
});
