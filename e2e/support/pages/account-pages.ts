import { expect, type Locator, type Page } from "@playwright/test";

// Page objects for the second step of the login and for /profile's own pages. Each exposes its
// fields by their labels and its one action; specs assert where it lands.

/** /login/verify: "Authentication code", "Verify". */
export class VerifyPage {
  readonly code: Locator;
  readonly submit: Locator;
  readonly alert: Locator;

  constructor(readonly page: Page) {
    this.code = page.getByLabel("Authentication code");
    this.submit = page.getByRole("button", { name: "Verify" });
    this.alert = page.getByRole("main").getByRole("alert");
  }

  async goto(): Promise<void> {
    await this.page.goto("/login/verify");
  }

  async verify(code: string): Promise<void> {
    await this.code.fill(code);
    await this.submit.click();
  }
}

/** /profile/email: "Email", "Password", "Save email". */
export class EmailPage {
  readonly email: Locator;
  readonly password: Locator;
  readonly submit: Locator;

  constructor(readonly page: Page) {
    this.email = page.getByLabel("Email");
    this.password = page.getByLabel("Password", { exact: true });
    this.submit = page.getByRole("button", { name: "Save email" });
  }

  async goto(): Promise<void> {
    await this.page.goto("/profile/email");
  }

  async change(email: string, password: string): Promise<void> {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.submit.click();
  }
}

/** /profile/password: "Current password", "New password", "Change password". */
export class PasswordPage {
  readonly current: Locator;
  readonly next: Locator;
  readonly submit: Locator;

  constructor(readonly page: Page) {
    this.current = page.getByLabel("Current password");
    this.next = page.getByLabel("New password");
    this.submit = page.getByRole("button", { name: "Change password" });
  }

  async goto(): Promise<void> {
    await this.page.goto("/profile/password");
  }

  async change(current: string, next: string): Promise<void> {
    await this.current.fill(current);
    await this.next.fill(next);
    await this.submit.click();
  }
}

/** /profile/sessions: the list of sessions, "Your password", "Log out everywhere else". */
export class SessionsPage {
  readonly password: Locator;
  readonly endOthers: Locator;
  readonly notice: Locator;

  constructor(readonly page: Page) {
    this.password = page.getByLabel("Your password");
    this.endOthers = page.getByRole("button", { name: "Log out everywhere else" });
    this.notice = page.getByRole("main").getByRole("status");
  }

  async goto(): Promise<void> {
    await this.page.goto("/profile/sessions");
  }

  async logOutEverywhereElse(password: string): Promise<void> {
    await this.password.fill(password);
    await this.endOthers.click();
  }
}

/** /profile/two-factor: "Set up …", the secret to type, "Password", "Authentication code", "Turn on" / "Turn off". */
export class TwoFactorPage {
  readonly setUp: Locator;
  readonly secret: Locator;
  readonly password: Locator;
  readonly code: Locator;
  readonly turnOn: Locator;
  readonly turnOff: Locator;
  readonly status: Locator;
  readonly recoveryCodes: Locator;

  constructor(readonly page: Page) {
    this.setUp = page.getByRole("button", { name: "Set up two-factor authentication" });
    this.secret = page.getByTestId("totp-secret");
    this.password = page.getByLabel("Password", { exact: true });
    this.code = page.getByLabel("Authentication code");
    this.turnOn = page.getByRole("button", { name: "Turn on" });
    this.turnOff = page.getByRole("button", { name: "Turn off" });
    this.status = page.getByTestId("two-factor-status");
    this.recoveryCodes = page.getByTestId("recovery-codes").getByRole("listitem");
  }

  async goto(): Promise<void> {
    await this.page.goto("/profile/two-factor");
  }

  /** Starts the setup and returns the secret shown for typing in by hand. */
  async begin(): Promise<string> {
    await this.setUp.click();
    await expect(this.page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
    return (await this.secret.textContent())!.trim();
  }

  async confirm(password: string, code: string): Promise<void> {
    await this.password.fill(password);
    await this.code.fill(code);
    await this.turnOn.click();
  }
}

/** /profile/delete: "Password", "Delete my account". */
export class DeletePage {
  readonly password: Locator;
  readonly submit: Locator;

  constructor(readonly page: Page) {
    this.password = page.getByLabel("Password", { exact: true });
    this.submit = page.getByRole("button", { name: "Delete my account" });
  }

  async goto(): Promise<void> {
    await this.page.goto("/profile/delete");
  }

  async delete(password: string): Promise<void> {
    await this.password.fill(password);
    await this.submit.click();
  }
}
