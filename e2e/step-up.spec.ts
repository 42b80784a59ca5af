import { eventsOf, findUser, sessionsOfUser, staleVerificationOfUser, storedDate } from "./support/db";
import { expect, test } from "./support/fixtures";
import { ConfirmPage, PasswordPage } from "./support/pages/account-pages";
import { enableTotp, totpCode } from "./support/totp";

// Step-up ("sudo mode"): sensitive changes go through without asking within STEP_UP_WINDOW of the
// session's last proof of identity, and ask once (password, code or passkey) after it.

const userIdOf = async (username: string) => (await findUser(username))!.id;

test("within the window nothing is asked again; past it the page asks once, then goes back", async ({ page, apiUser, loginPage }) => {
  await loginPage.loginSuccessfully(apiUser);
  const id = await userIdOf(apiUser.username);
  const [row] = await sessionsOfUser(id);
  expect(row).toMatchObject({ auth_level: "password" });
  expect(storedDate(row!.verified_at as string)!.getTime()).toBeGreaterThan(Date.now() - 60_000);

  // Just logged in: the sensitive page opens at once, without a password field.
  await page.goto("/profile/password");
  await expect(page.getByLabel("New password")).toBeVisible();
  await expect(page.getByLabel("Current password")).toHaveCount(0);

  await staleVerificationOfUser(id);
  for (const path of ["/profile/password", "/profile/email", "/profile/two-factor", "/profile/passkeys", "/profile/delete"]) {
    await page.goto(path);
    await expect(page, path).toHaveURL(`/profile/confirm?next=${encodeURIComponent(path)}`);
  }
  const confirm = new ConfirmPage(page);
  await confirm.withPasswordOf(apiUser.password);
  await expect(page).toHaveURL(/\/profile\/delete$/);
  // Once confirmed, the other pages open without asking.
  await page.goto("/profile/password");
  await expect(page.getByLabel("New password")).toBeVisible();
  const events = (await eventsOf({ userId: id })).map((row) => [row.event, row.detail]);
  expect(events).toContainEqual(["reauthenticated", "password"]);
});

test("a form opened in the window and sent after it is refused, changes nothing, and asks first", async ({ page, apiUser, loginPage, anonymousRequest }) => {
  await loginPage.loginSuccessfully(apiUser);
  const passwordPage = new PasswordPage(page);
  await passwordPage.goto();
  await staleVerificationOfUser(await userIdOf(apiUser.username));
  await passwordPage.change("a brand new passphrase for step-up 1");
  await expect(new ConfirmPage(page).heading).toBeVisible();
  await expect(page.getByRole("main").getByRole("status")).toHaveText("Please confirm it is you before this change.");
  // The old password still works: nothing changed.
  expect((await anonymousRequest.post("/api/login", { data: apiUser })).status()).toBe(200);
});

test("the confirmation takes an authenticator code too, refuses a wrong one, and never sends off-site", async ({ page, apiUser, loginPage }) => {
  test.setTimeout(60_000);
  await loginPage.loginSuccessfully(apiUser);
  const id = await userIdOf(apiUser.username);
  const loggedInAt = (await sessionsOfUser(id))[0]!.verified_at;
  const now = Date.now();
  const secret = await enableTotp(page, now);
  // Turning the factor on re-keys the session, but proves nothing new: the window is not stretched.
  expect((await sessionsOfUser(id))[0]!.verified_at).toEqual(loggedInAt);
  await staleVerificationOfUser(id);

  await page.goto(`/profile/confirm?next=${encodeURIComponent("//evil.example/")}`);
  const confirm = new ConfirmPage(page);
  // With two-factor on, the password alone is not a step-up.
  await expect(confirm.password).toHaveCount(0);
  await confirm.withCodeFrom("000000" === totpCode(secret, 1, now) ? "111111" : "000000");
  await expect(page.getByText("That code is not valid.")).toBeVisible();
  await confirm.withCodeFrom(totpCode(secret, 1, now));
  await expect(page).toHaveURL(/\/profile$/);
  const events = (await eventsOf({ userId: id })).map((row) => [row.event, row.detail]);
  expect(events).toContainEqual(["reauthentication_failed", "code"]);
  expect(events).toContainEqual(["reauthenticated", "totp"]);

  // The inspector shows how the session was proved and that the window is open again.
  await page.goto("/profile/sessions");
  await expect(page.getByTestId("auth-level")).toContainText("Signed in with password");
  await expect(page.getByTestId("auth-level")).toContainText("go through without asking");
});

test("staff actions need the staff member's own recent proof", async ({ page, staffUser, apiUser, loginPage, adminUsersPage }) => {
  await loginPage.loginSuccessfully(staffUser);
  await adminUsersPage.goto();
  await adminUsersPage.searchFor(apiUser.username);
  await staleVerificationOfUser(await userIdOf(staffUser.username));
  await adminUsersPage.button("Deactivate", apiUser.username).click();
  await expect(page).toHaveURL(`/profile/confirm?next=${encodeURIComponent("/admin/users")}`);
  expect((await findUser(apiUser.username))!.is_active).toBe(1);
  await new ConfirmPage(page).withPasswordOf(staffUser.password);
  await expect(page).toHaveURL(/\/admin\/users$/);
  await adminUsersPage.searchFor(apiUser.username);
  await adminUsersPage.button("Deactivate", apiUser.username).click();
  await expect(adminUsersPage.notice).toContainText(`${apiUser.username} is deactivated`);
});
