import { randomBytes } from "node:crypto";
import type { APIRequestContext, Browser } from "@playwright/test";
import { expireSessionsOfUser, findUser, sessionsOfUser, setUserStaffInDatabase, setUserSuperuserInDatabase } from "./support/db";
import { expect, randomCredentials, test, type Credentials } from "./support/fixtures";
import { LoginPage } from "./support/pages/auth-pages";
import { cookieHeader, sealCookie } from "./support/session-cookie";

// /admin/users: staff only (anonymous → login, others → 403), the list and its search, and the
// actions on a user, seen from the staff member's browser and from the user's own browsers.

function locationOf(headers: Record<string, string>, baseURL: string | undefined): string {
  const url = new URL(headers.location ?? "", baseURL);
  return url.pathname + url.search;
}

async function loginFor(api: APIRequestContext, credentials: Credentials): Promise<void> {
  expect((await api.post("/api/login", { data: credentials })).status()).toBe(200);
}

/** The user logged in in a browser of their own, sitting on /profile. */
async function otherBrowser(browser: Browser, baseURL: string | undefined, credentials: Credentials) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await new LoginPage(page).loginSuccessfully(credentials);
  return { page, close: () => context.close() };
}

async function userId(username: string): Promise<number> {
  return (await findUser(username))!.id;
}

test.describe("who may see /admin/users", () => {
  test("anonymous visitors get 307 to /login?next=…, from the middleware and from the page itself", async ({ anonymousRequest, baseURL }, testInfo) => {
    for (const [path, expected] of [
      ["/admin/users", "/login?next=%2Fadmin%2Fusers"],
      ["/admin/users?q=ab&page=2", "/login?next=%2Fadmin%2Fusers%3Fq%3Dab%26page%3D2"],
    ] as const) {
      const response = await anonymousRequest.get(path, { maxRedirects: 0 });
      expect(response.status()).toBe(307);
      expect(locationOf(response.headers(), baseURL)).toBe(expected);
    }
    // A well-sealed cookie for no session skips the middleware; the page's own check redirects.
    const forged = await sealCookie(randomBytes(32).toString("base64url"), testInfo);
    const response = await anonymousRequest.get("/admin/users", { headers: cookieHeader(forged), maxRedirects: 0 });
    expect(response.status()).toBe(307);
    expect(locationOf(response.headers(), baseURL)).toBe("/login?next=%2Fadmin%2Fusers");
  });

  test("a logged-in user without staff status gets a real 403, and no Admin link", async ({ page, request, loginPage, apiUser }) => {
    await loginPage.loginSuccessfully(apiUser);
    await expect(page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Admin" })).toHaveCount(0);
    const response = await page.goto("/admin/users");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "Forbidden" })).toBeVisible();
    await expect(page.getByRole("table")).toHaveCount(0);

    await loginFor(request, apiUser);
    const plain = await request.get("/admin/users?q=user", { maxRedirects: 0 });
    expect(plain.status()).toBe(403);
    expect(await plain.text()).not.toContain("user-row-");
  });

  test("staff get there from the Admin link and see each user's facts", async ({
    page,
    playwright,
    baseURL,
    loginPage,
    staffUser,
    apiUser,
    adminUsersPage,
  }) => {
    const elsewhere = [await playwright.request.newContext({ baseURL }), await playwright.request.newContext({ baseURL })];
    for (const api of elsewhere) await loginFor(api, apiUser);

    await loginPage.loginSuccessfully(staffUser);
    await page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Admin" }).click();
    await expect(page).toHaveURL(/\/admin\/users$/);
    await expect(adminUsersPage.heading).toBeVisible();

    await adminUsersPage.searchFor(apiUser.username);
    const facts = await adminUsersPage.rowFacts(apiUser.username);
    expect(facts).toMatchObject({ Username: apiUser.username, Active: "Yes", Staff: "No", Sessions: "2" });
    expect(facts.Joined).toMatch(/UTC$/);
    expect(facts["Last login"]).toMatch(/UTC$/);
    await adminUsersPage.searchFor(staffUser.username);
    expect(await adminUsersPage.rowFacts(staffUser.username)).toMatchObject({ Active: "Yes", Staff: "Yes", Sessions: "1" });
    for (const api of elsewhere) await api.dispose();

    // Logout is on this page too, in the header as on every page (ASVS 7.4.4).
    await page.getByRole("banner").getByRole("button", { name: "Log out", exact: true }).click();
    await expect(page).toHaveURL(/\/login$/);
    expect(await sessionsOfUser(await userId(staffUser.username))).toHaveLength(0);
  });
});

test("search ignores case, stays in the URL, and the list comes in pages of 50", async ({ page, request, loginPage, staffUser, adminUsersPage }) => {
  const tag = randomBytes(4).toString("hex");
  const names = Array.from({ length: 51 }, (_, n) => `Pg${tag}_${String(n).padStart(2, "0")}`);
  for (let n = 0; n < names.length; n += 10) {
    await Promise.all(
      names.slice(n, n + 10).map(async (username) => {
        const response = await request.post("/api/signup", { data: { username, password: randomCredentials().password } });
        expect(response.status()).toBe(201);
      }),
    );
  }

  await loginPage.loginSuccessfully(staffUser);
  await adminUsersPage.goto();
  const query = `PG${tag.toUpperCase()}`;
  await adminUsersPage.searchFor(query);
  await expect(adminUsersPage.search).toHaveValue(query);
  await expect(adminUsersPage.count).toContainText("1–50 of 51 users");
  await expect(page.locator("table.users tbody tr")).toHaveCount(50);
  await expect(adminUsersPage.row(names[0]!)).toBeVisible();

  await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(new RegExp(`q=${query}&page=2$`));
  await expect(adminUsersPage.count).toContainText("51–51 of 51 users");
  await expect(page.locator("table.users tbody tr")).toHaveCount(1);
  await expect(adminUsersPage.row(names[50]!)).toBeVisible();
  await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Previous" }).click();
  await expect(page).toHaveURL(new RegExp(`q=${query}$`));

  await adminUsersPage.searchFor(`nobody-${tag}`);
  await expect(adminUsersPage.count).toContainText(`No users match “nobody-${tag}”.`);
  await expect(page.getByRole("table")).toHaveCount(0);
});

test("deactivating a user logs out their other browser at its next request; reactivating lets them back in", async ({
  browser,
  baseURL,
  loginPage,
  staffUser,
  apiUser,
  adminUsersPage,
}) => {
  const victim = await otherBrowser(browser, baseURL, apiUser);
  await loginPage.loginSuccessfully(staffUser);
  await adminUsersPage.goto(`?q=${apiUser.username}`);
  expect(await adminUsersPage.rowFacts(apiUser.username)).toMatchObject({ Active: "Yes", Sessions: "1" });

  await adminUsersPage.button("Deactivate", apiUser.username).click();
  await expect(adminUsersPage.notice).toHaveText(`${apiUser.username} is deactivated and logged out everywhere.`);
  await expect(adminUsersPage.row(apiUser.username).getByRole("cell").nth(1)).toHaveText("No"); // Email, Active, …
  expect(await adminUsersPage.rowFacts(apiUser.username)).toMatchObject({ Active: "No", Sessions: "0" });
  expect(await sessionsOfUser(await userId(apiUser.username))).toHaveLength(0);

  await victim.page.reload();
  await expect(victim.page).toHaveURL(/\/login\?next=%2Fprofile$/);
  const victimLogin = new LoginPage(victim.page);
  await victimLogin.submitCredentials(apiUser);
  await expect(victimLogin.alert).toHaveText("Invalid username or password");

  await adminUsersPage.button("Reactivate", apiUser.username).click();
  await expect(adminUsersPage.notice).toHaveText(`${apiUser.username} is active again.`);
  await expect(adminUsersPage.button("Deactivate", apiUser.username)).toBeVisible();
  await victimLogin.loginSuccessfully(apiUser);
  await victim.close();
});

test("ending a user's sessions logs out each of their browsers, and the account stays active", async ({
  browser,
  baseURL,
  loginPage,
  staffUser,
  apiUser,
  adminUsersPage,
}) => {
  test.setTimeout(60_000); // three browsers and four logins: past 30 s once on a loaded machine
  const phone = await otherBrowser(browser, baseURL, apiUser);
  const laptop = await otherBrowser(browser, baseURL, apiUser);
  await loginPage.loginSuccessfully(staffUser);
  await adminUsersPage.goto(`?q=${apiUser.username}`);
  expect(await adminUsersPage.rowFacts(apiUser.username)).toMatchObject({ Sessions: "2" });

  await adminUsersPage.button("End sessions", apiUser.username).click();
  await expect(adminUsersPage.notice).toHaveText(`Ended 2 sessions of ${apiUser.username}.`);
  expect(await adminUsersPage.rowFacts(apiUser.username)).toMatchObject({ Active: "Yes", Sessions: "0" });

  for (const device of [phone, laptop]) {
    await device.page.reload();
    await expect(device.page).toHaveURL(/\/login\?next=%2Fprofile$/);
  }
  await new LoginPage(phone.page).loginSuccessfully(apiUser);
  await phone.close();
  await laptop.close();
});

test("staff cannot deactivate themselves", async ({ page, loginPage, staffUser, adminUsersPage }) => {
  await loginPage.loginSuccessfully(staffUser);
  await adminUsersPage.goto(`?q=${staffUser.username}`);
  await adminUsersPage.button("Deactivate", staffUser.username).click();
  await expect(adminUsersPage.alert).toHaveText("You cannot deactivate your own account.");
  expect((await findUser(staffUser.username))!.is_active).toBe(1);
  await page.reload();
  await expect(adminUsersPage.heading).toBeVisible();
});

test("staff manage ordinary users only: another staff member or a superuser takes a superuser", async ({
  request,
  browser,
  baseURL,
  loginPage,
  staffUser,
  adminUsersPage,
}) => {
  test.setTimeout(60_000);
  await loginPage.loginSuccessfully(staffUser);
  const targets: Credentials[] = [];
  for (const rank of ["staff", "superuser"] as const) {
    const target = randomCredentials();
    expect((await request.post("/api/signup", { data: target })).status()).toBe(201);
    targets.push(target);
    const theirs = await otherBrowser(browser, baseURL, target);
    // The page was shown while the target was an ordinary user; the POSTs come after the promotion.
    await adminUsersPage.goto(`?q=${target.username}`);
    const id = await userId(target.username);
    await setUserStaffInDatabase(id, true);
    if (rank === "superuser") await setUserSuperuserInDatabase(id, true);
    for (const action of ["Deactivate", "End sessions"] as const) {
      await adminUsersPage.button(action, target.username).click();
      await expect(adminUsersPage.alert).toHaveText("Only a superuser can change the account of a staff member or a superuser.");
    }
    expect((await findUser(target.username))!.is_active).toBe(1);
    expect((await theirs.page.request.get("/api/profile")).status()).toBe(200);
    // Shown afresh, the row offers no such action to this staff member.
    await adminUsersPage.goto(`?q=${target.username}`);
    await expect(adminUsersPage.row(target.username).getByRole("button")).toHaveCount(0);
    await theirs.close();
  }

  // A superuser may.
  await setUserSuperuserInDatabase(await userId(staffUser.username), true);
  for (const target of targets) {
    await adminUsersPage.goto(`?q=${target.username}`);
    await adminUsersPage.button("Deactivate", target.username).click();
    await expect(adminUsersPage.notice).toHaveText(`${target.username} is deactivated and logged out everywhere.`);
  }
});

test("every action checks staff status itself, whatever the page showed", async ({ page, loginPage, staffUser, apiUser, adminUsersPage }) => {
  await loginPage.loginSuccessfully(staffUser);
  const staffId = await userId(staffUser.username);

  // Staff status withdrawn while the page is open: the POST is refused with the 403 page.
  await adminUsersPage.goto(`?q=${apiUser.username}`);
  await setUserStaffInDatabase(staffId, false);
  await adminUsersPage.button("Deactivate", apiUser.username).click();
  await expect(page.getByRole("heading", { name: "Forbidden" })).toBeVisible();
  expect((await findUser(apiUser.username))!.is_active).toBe(1);

  // The session gone while the page is open: the POST goes to the login page.
  await setUserStaffInDatabase(staffId, true);
  await adminUsersPage.goto(`?q=${apiUser.username}`);
  await expireSessionsOfUser(staffId, "expire_date");
  await adminUsersPage.button("Deactivate", apiUser.username).click();
  await expect(page).toHaveURL(/\/login\?next=%2Fadmin%2Fusers$/);
  expect((await findUser(apiUser.username))!.is_active).toBe(1);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("staff can search, deactivate and reactivate with plain form posts", async ({ page, loginPage, staffUser, apiUser, adminUsersPage }) => {
    await loginPage.loginSuccessfully(staffUser);
    await adminUsersPage.goto();
    await adminUsersPage.searchFor(apiUser.username);

    const post = page.waitForRequest((request) => request.isNavigationRequest() && request.method() === "POST");
    await adminUsersPage.button("Deactivate", apiUser.username).click();
    await post;
    await expect(adminUsersPage.notice).toHaveText(`${apiUser.username} is deactivated and logged out everywhere.`);
    expect(await adminUsersPage.rowFacts(apiUser.username)).toMatchObject({ Active: "No" });

    await adminUsersPage.button("Reactivate", apiUser.username).click();
    await expect(adminUsersPage.notice).toHaveText(`${apiUser.username} is active again.`);
    expect(await adminUsersPage.rowFacts(apiUser.username)).toMatchObject({ Active: "Yes" });
  });
});
