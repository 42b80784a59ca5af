import type { Page } from "@playwright/test";
import { VirtualAuthenticator } from "./support/authenticator";
import { eventsOf, findUser, passkeysOfUser, sessionsOfUser, setPasskeyCounter, staleVerificationOfUser } from "./support/db";
import { expect, test, type Credentials } from "./support/fixtures";
import { signupWithEmail } from "./support/mail-accounts";
import { mailbox } from "./support/mailbox";
import { ConfirmPage, PasskeysPage } from "./support/pages/account-pages";
import { LoginPage } from "./support/pages/auth-pages";
import { enableTotp } from "./support/totp";

// Passkeys in a real Chromium with a virtual authenticator (DevTools protocol): registration,
// sign-in by button and by autofill, counters, removal, replays, and the step-up by passkey.

const userIdOf = async (username: string) => (await findUser(username))!.id;
const passkeyButton = (page: Page) => page.getByRole("button", { name: "Sign in with a passkey" });

/** Logs in with the password and adds a passkey; returns the page's authenticator holding it. */
async function withPasskey(page: Page, user: Credentials, name = "Laptop"): Promise<VirtualAuthenticator> {
  const authenticator = await VirtualAuthenticator.attach(page);
  // The login page's autofill would use nothing yet; the authenticator is empty until the passkey is made.
  await new LoginPage(page).loginSuccessfully(user);
  const passkeys = new PasskeysPage(page);
  await passkeys.goto();
  await passkeys.addPasskey(name);
  expect(await authenticator.credentials()).toHaveLength(1);
  return authenticator;
}

/** Logs out; the login page it lands on asks for autofill while the authenticator is hidden. */
async function logOut(page: Page, authenticator?: VirtualAuthenticator): Promise<void> {
  const step = async () => {
    await page.getByRole("banner").getByRole("button", { name: "Log out", exact: true }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.locator(".passkey-login[data-autofill=waiting]")).toBeVisible();
  };
  await (authenticator ? authenticator.hidden(step) : step());
}

/** Opens the login page with the authenticator hidden from its autofill, then uses the button. */
async function signInWithButton(page: Page, authenticator: VirtualAuthenticator, path = "/login"): Promise<void> {
  await authenticator.hidden(async () => {
    await page.goto(path);
    await expect(page.locator(".passkey-login[data-autofill=waiting]")).toBeVisible();
  });
  await passkeyButton(page).click();
}

test("register a passkey, log out, sign in with it: a full login at the passkey level, next honoured", async ({ page, apiUser }) => {
  const authenticator = await withPasskey(page, apiUser);
  const id = await userIdOf(apiUser.username);
  const [stored] = await passkeysOfUser(id);
  expect(stored).toMatchObject({ name: "Laptop", counter: expect.any(Number), last_used_at: null });
  await expect(new PasskeysPage(page).items).toHaveCount(1);
  await expect(new PasskeysPage(page).items.first()).toContainText("Laptop");
  await expect(new PasskeysPage(page).items.first()).toContainText("last used never");
  if (process.env.DOCS_SCREENSHOTS === "1") await page.screenshot({ path: "docs/screenshots/passkeys-light-desktop.png", fullPage: true });

  await logOut(page, authenticator);
  const before = (await sessionsOfUser(id)).length;
  expect(before).toBe(0);
  await signInWithButton(page, authenticator, "/login?next=%2Fprofile%2Fsessions");
  await expect(page).toHaveURL(/\/profile\/sessions$/);
  const [session] = await sessionsOfUser(id);
  expect(session).toMatchObject({ auth_level: "passkey" });
  await expect(page.getByTestId("auth-level")).toContainText("passkey (two factors in one)");
  const events = await eventsOf({ userId: id });
  expect(events.map((row) => [row.event, row.detail])).toContainEqual(["login", "passkey"]);
  expect(events.map((row) => row.event)).toContain("passkey_added");

  // The counter the authenticator reported is stored, and the use recorded.
  const [used] = await passkeysOfUser(id);
  const [held] = await authenticator.credentials();
  expect(used!.counter).toBe(held!.signCount);
  expect(used!.last_used_at).not.toBeNull();

  // Each use moves it on.
  await logOut(page, authenticator);
  await signInWithButton(page, authenticator);
  await expect(page).toHaveURL(/\/profile$/);
  const [again] = await passkeysOfUser(id);
  expect(again!.counter).toBe((await authenticator.credentials())[0]!.signCount);
  expect(again!.counter).toBeGreaterThan(used!.counter);
});

test("with two-factor on, a passkey login asks for no code; the autofill signs in too", async ({ page, apiUser }) => {
  test.setTimeout(60_000);
  const authenticator = await withPasskey(page, apiUser);
  await enableTotp(page);
  await logOut(page, authenticator);
  // The login page's autofill request is answered by the authenticator: no button, no code.
  await page.goto("/login");
  await expect(page).toHaveURL(/\/profile$/);
  expect((await sessionsOfUser(await userIdOf(apiUser.username)))[0]).toMatchObject({ auth_level: "passkey" });
  expect(await authenticator.credentials()).toHaveLength(1);
});

test("a browser without the credential cannot sign in with it", async ({ page, browser, baseURL, apiUser }) => {
  await withPasskey(page, apiUser);
  const other = await browser.newContext({ baseURL });
  const otherPage = await other.newPage();
  await VirtualAuthenticator.attach(otherPage); // an authenticator, but without this passkey
  await otherPage.goto("/login");
  await passkeyButton(otherPage).click();
  await expect(otherPage.getByRole("main").getByRole("alert")).toContainText(/cancelled or timed out|could not/);
  await expect(otherPage).toHaveURL(/\/login$/);
  expect((await other.request.get("/api/profile")).status()).toBe(401);
  await other.close();
});

test("a login answer replayed is refused", async ({ page, apiUser }) => {
  const authenticator = await withPasskey(page, apiUser);
  await logOut(page, authenticator);
  // Record the server action that carries the assertion and its ticket.
  let recorded: { body: string; headers: Record<string, string> } | null = null;
  await page.route("**/login*", async (route) => {
    const request = route.request();
    if (request.method() === "POST" && (request.postData() ?? "").includes("clientDataJSON")) {
      recorded = { body: request.postData()!, headers: await request.allHeaders() };
    }
    await route.continue();
  });
  await signInWithButton(page, authenticator);
  await expect(page).toHaveURL(/\/profile$/);
  await page.unroute("**/login*");
  expect(recorded).not.toBeNull();
  const { body, headers } = recorded!;
  await logOut(page, authenticator);

  // The same answer again, from a browser that has none of the first one's cookies.
  const replay = await page
    .context()
    .browser()!
    .newContext({ baseURL: new URL(page.url()).origin });
  const keep = Object.fromEntries(Object.entries(headers).filter(([name]) => /^(next-action|next-router-state-tree|content-type|accept|origin)$/i.test(name)));
  const answer = await replay.request.post("/login", { data: body, headers: keep });
  expect(await answer.text()).toContain("That took too long");
  expect((await replay.request.get("/api/profile")).status()).toBe(401);
  await replay.close();
});

test("a counter that goes backwards is refused and logged as a possible copy", async ({ page, apiUser }) => {
  const authenticator = await withPasskey(page, apiUser);
  const id = await userIdOf(apiUser.username);
  const [stored] = await passkeysOfUser(id);
  await setPasskeyCounter(stored!.id, 1_000_000);
  await logOut(page, authenticator);
  await signInWithButton(page, authenticator);
  await expect(page.getByRole("main").getByRole("alert")).toContainText("That passkey is not recognised here");
  await expect(page).toHaveURL(/\/login$/);
  const events = (await eventsOf({ userId: id })).map((row) => row.event);
  expect(events).toContain("passkey_clone_suspected");
  expect((await passkeysOfUser(id))[0]!.counter).toBe(1_000_000);
});

test("removing a passkey needs the step-up, mails a notice, and the passkey stops working", async ({ page, request }) => {
  test.setTimeout(60_000);
  const user = await signupWithEmail(request);
  const authenticator = await withPasskey(page, user, "Phone");
  await mailbox.waitFor(user.email, { subject: /passkey was added/ });
  const id = await userIdOf(user.username);

  // Renaming needs nothing more.
  await page.getByLabel("New name for Phone").fill("Old phone");
  await page.getByRole("button", { name: "Rename" }).click();
  await expect(page.getByRole("main").getByRole("status")).toHaveText('Renamed to "Old phone".');

  const elsewhere = await page
    .context()
    .browser()!
    .newContext({ baseURL: new URL(page.url()).origin });
  expect((await elsewhere.request.post("/api/login", { data: user })).status()).toBe(200);
  await staleVerificationOfUser(id);
  await new PasskeysPage(page).remove("Old phone");
  await expect(new ConfirmPage(page).heading).toBeVisible();
  expect(await passkeysOfUser(id)).toHaveLength(1);
  // The passkey itself may confirm it is you.
  await page.getByRole("button", { name: "Confirm with a passkey" }).click();
  await expect(page).toHaveURL(/\/profile\/passkeys$/);
  expect((await eventsOf({ userId: id })).map((row) => [row.event, row.detail])).toContainEqual(["reauthenticated", "passkey"]);
  await new PasskeysPage(page).remove("Old phone");
  await expect(page.getByRole("main").getByRole("status")).toContainText('Passkey "Old phone" removed.');
  expect(await passkeysOfUser(id)).toHaveLength(0);
  // Every other session ends with it; this one goes on.
  expect((await elsewhere.request.get("/api/profile")).status()).toBe(401);
  expect((await page.request.get("/api/profile")).status()).toBe(200);
  await elsewhere.close();
  const notice = await mailbox.waitFor(user.email, { subject: /passkey was removed/ });
  expect(notice.text).toContain('"Old phone"');

  // The authenticator still holds the key, but the app no longer knows it.
  await logOut(page, authenticator);
  await signInWithButton(page, authenticator);
  await expect(page.getByRole("main").getByRole("alert")).toContainText("That passkey is not recognised here");
  expect((await page.request.get("/api/profile")).status()).toBe(401);
});
