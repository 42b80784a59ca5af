import { randomBytes } from "node:crypto";
import { test as base, expect, type APIRequestContext } from "@playwright/test";
import { findUser, setUserStaffInDatabase } from "./db";
import { AdminUsersPage } from "./pages/admin-pages";
import { LoginPage, ProfilePage, SignupPage, type Credentials } from "./pages/auth-pages";

export { expect };
export type { Credentials };

/** A username nobody else in the run has, and a password of at least 12 characters. */
export function randomCredentials(): Credentials {
  return {
    username: `user_${randomBytes(6).toString("hex")}`,
    password: `pw-${randomBytes(12).toString("base64url")}`,
  };
}

type Fixtures = {
  /** Fresh credentials for a user that does not exist yet. */
  newUser: Credentials;
  /** A user created through POST /api/signup (not logged in anywhere). */
  apiUser: Credentials;
  /** A user with staff status (is_staff, set in the database), not logged in anywhere. */
  staffUser: Credentials;
  /** An API client with an empty cookie jar, for replaying cookies by hand. */
  anonymousRequest: APIRequestContext;
  signupPage: SignupPage;
  loginPage: LoginPage;
  profilePage: ProfilePage;
  adminUsersPage: AdminUsersPage;
};

export const test = base.extend<Fixtures>({
  newUser: async ({}, use) => {
    await use(randomCredentials());
  },
  apiUser: async ({ request }, use) => {
    const credentials = randomCredentials();
    const response = await request.post("/api/signup", { data: credentials });
    expect(response.status(), await response.text()).toBe(201);
    await use(credentials);
  },
  staffUser: async ({ request }, use) => {
    const credentials = randomCredentials();
    const response = await request.post("/api/signup", { data: credentials });
    expect(response.status(), await response.text()).toBe(201);
    const row = await findUser(credentials.username);
    await setUserStaffInDatabase(row!.id, true);
    await use(credentials);
  },
  anonymousRequest: async ({ playwright, baseURL }, use) => {
    const context = await playwright.request.newContext({ baseURL });
    await use(context);
    await context.dispose();
  },
  signupPage: async ({ page }, use) => {
    await use(new SignupPage(page));
  },
  loginPage: async ({ page }, use) => {
    await use(new LoginPage(page));
  },
  profilePage: async ({ page }, use) => {
    await use(new ProfilePage(page));
  },
  adminUsersPage: async ({ page }, use) => {
    await use(new AdminUsersPage(page));
  },
});
