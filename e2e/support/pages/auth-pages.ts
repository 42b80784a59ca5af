import { expect, type Locator, type Page } from "@playwright/test";

export type Credentials = { username: string; password: string };

// Next's app router mounts its own (empty) role="alert" route announcer, so alerts and notices are
// looked up inside <main>, where the app renders them.

/** /signup: Username, Password, "Sign up". */
export class SignupPage {
  readonly username: Locator;
  readonly password: Locator;
  readonly submit: Locator;

  constructor(readonly page: Page) {
    this.username = page.getByLabel("Username", { exact: true });
    this.password = page.getByLabel("Password", { exact: true });
    this.submit = page.getByRole("button", { name: "Sign up" });
  }

  async goto(): Promise<void> {
    await this.page.goto("/signup");
    await expect(this.page.getByRole("heading", { name: "Sign up" })).toBeVisible();
  }

  /** Fills and submits the form; the caller asserts where it lands. */
  async signup({ username, password }: Credentials): Promise<void> {
    await this.goto();
    await this.username.fill(username);
    await this.password.fill(password);
    await this.submit.click();
  }

  /** Signs up and checks the redirect to /login with its confirmation. */
  async signupSuccessfully(credentials: Credentials): Promise<void> {
    await this.signup(credentials);
    await expect(this.page).toHaveURL(/\/login$/);
    await expect(this.page.getByRole("main").getByRole("status")).toHaveText("Account created, please log in.");
  }
}

/** /login: Username, Password, Remember me, "Log in". */
export class LoginPage {
  readonly username: Locator;
  readonly password: Locator;
  readonly remember: Locator;
  readonly submit: Locator;
  readonly alert: Locator;
  readonly notice: Locator;

  constructor(readonly page: Page) {
    this.username = page.getByLabel("Username", { exact: true });
    this.password = page.getByLabel("Password", { exact: true });
    this.remember = page.getByLabel("Remember me");
    this.submit = page.getByRole("button", { name: "Log in" });
    this.alert = page.getByRole("main").getByRole("alert");
    this.notice = page.getByRole("main").getByRole("status");
  }

  /** Opens /login, with `next` URL-encoded into the query when given. */
  async goto(next?: string): Promise<void> {
    await this.page.goto(next === undefined ? "/login" : `/login?next=${encodeURIComponent(next)}`);
    await expect(this.page.getByRole("heading", { name: "Log in" })).toBeVisible();
  }

  /** Fills and submits the form on the current page (call goto first, or land here by redirect). */
  async submitCredentials({ username, password }: Credentials, options: { remember?: boolean } = {}): Promise<void> {
    await this.username.fill(username);
    await this.password.fill(password);
    if (options.remember) await this.remember.check();
    await this.submit.click();
  }

  async login(credentials: Credentials, options: { remember?: boolean } = {}): Promise<void> {
    await this.goto();
    await this.submitCredentials(credentials, options);
  }

  /** Logs in from /login and checks the landing on /profile. */
  async loginSuccessfully(credentials: Credentials, options: { remember?: boolean } = {}): Promise<void> {
    await this.login(credentials, options);
    await expect(this.page).toHaveURL(/\/profile$/);
    await expect(new ProfilePage(this.page).username).toHaveText(credentials.username);
  }
}

/** /profile: the account facts and the "Log out" button (a POST form). */
export class ProfilePage {
  readonly username: Locator;
  readonly logoutButton: Locator;
  readonly email: Locator;
  /** "Confirmed" or "Not confirmed", beside the address. */
  readonly emailStatus: Locator;
  readonly resendButton: Locator;
  /** The pending change of address, with its Cancel button. */
  readonly pendingEmail: Locator;
  readonly cancelChangeButton: Locator;

  constructor(readonly page: Page) {
    this.username = page.getByTestId("profile-username");
    this.logoutButton = page.getByRole("button", { name: "Log out", exact: true });
    this.email = page.getByTestId("profile-email");
    this.emailStatus = page.getByTestId("email-status");
    this.resendButton = page.getByRole("button", { name: "Send the confirmation link again" });
    this.pendingEmail = page.getByTestId("email-pending");
    this.cancelChangeButton = page.getByRole("button", { name: "Cancel the change" });
  }

  async goto(): Promise<void> {
    await this.page.goto("/profile");
  }

  /** Clicks Log out, checks that it was a POST, and that it lands on /login with the notice. */
  async logout(): Promise<void> {
    const post = this.page.waitForRequest((request) => request.method() === "POST" && new URL(request.url()).pathname === "/profile");
    await this.logoutButton.click();
    await post;
    await expect(this.page).toHaveURL(/\/login$/);
    await expect(this.page.getByRole("main").getByRole("status")).toHaveText("You have been logged out.");
  }
}

/** /password-reset: Email, "Send reset link". */
export class PasswordResetPage {
  readonly email: Locator;
  readonly submit: Locator;
  readonly notice: Locator;
  readonly alert: Locator;

  constructor(readonly page: Page) {
    this.email = page.getByLabel("Email", { exact: true });
    this.submit = page.getByRole("button", { name: "Send reset link" });
    this.notice = page.getByRole("main").getByRole("status");
    this.alert = page.getByRole("main").getByRole("alert");
  }

  async goto(): Promise<void> {
    await this.page.goto("/password-reset");
    await expect(this.page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
  }

  /** Asks for a link and waits for the answer every address gets. */
  async request(email: string): Promise<void> {
    await this.goto();
    await this.email.fill(email);
    await this.submit.click();
    await expect(this.notice).toContainText("a reset link is on its way");
  }
}

/** /password-reset/TOKEN: the new password twice, "Set new password". */
export class ResetLinkPage {
  readonly password: Locator;
  readonly again: Locator;
  readonly submit: Locator;
  readonly alert: Locator;

  constructor(readonly page: Page) {
    this.password = page.getByLabel("New password", { exact: true });
    this.again = page.getByLabel("New password again", { exact: true });
    this.submit = page.getByRole("button", { name: "Set new password" });
    this.alert = page.getByRole("main").getByRole("alert");
  }

  async open(link: string): Promise<void> {
    await this.page.goto(link);
    await expect(this.page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  }

  /**
   * Fills and submits once the previous answer is in: React resets a form when its action
   * completes, so a fill made while one was still pending would be wiped before the click.
   */
  async setPassword(password: string, again = password): Promise<void> {
    await expect(this.submit).toBeEnabled();
    await this.password.fill(password);
    await this.again.fill(again);
    await expect(this.password).toHaveValue(password);
    await expect(this.again).toHaveValue(again);
    await this.submit.click();
  }
}
