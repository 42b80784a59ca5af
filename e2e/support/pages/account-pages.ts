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

/** /profile/email: "Email", "Save email" (behind the step-up, so no password). */
export class EmailPage {
  readonly email: Locator;
  readonly submit: Locator;

  constructor(readonly page: Page) {
    this.email = page.getByLabel("Email");
    this.submit = page.getByRole("button", { name: "Save email" });
  }

  async goto(): Promise<void> {
    await this.page.goto("/profile/email");
  }

  async change(email: string): Promise<void> {
    await this.email.fill(email);
    await this.submit.click();
  }
}

/** /profile/password: "New password", "Change password" (behind the step-up). */
export class PasswordPage {
  readonly next: Locator;
  readonly submit: Locator;

  constructor(readonly page: Page) {
    this.next = page.getByLabel("New password");
    this.submit = page.getByRole("button", { name: "Change password" });
  }

  async goto(): Promise<void> {
    await this.page.goto("/profile/password");
  }

  async change(next: string): Promise<void> {
    await this.next.fill(next);
    await this.submit.click();
  }
}

/** /profile/sessions: the list of sessions, "Log out everywhere else" (behind the step-up). */
export class SessionsPage {
  readonly endOthers: Locator;
  readonly notice: Locator;

  constructor(readonly page: Page) {
    this.endOthers = page.getByRole("button", { name: "Log out everywhere else" });
    this.notice = page.getByRole("main").getByRole("status");
  }

  async goto(): Promise<void> {
    await this.page.goto("/profile/sessions");
  }

  async logOutEverywhereElse(): Promise<void> {
    await this.endOthers.click();
  }
}

/** /profile/two-factor: "Set up …", the secret to type, "Authentication code", "Turn on" / "Turn off". */
export class TwoFactorPage {
  readonly setUp: Locator;
  readonly secret: Locator;
  readonly code: Locator;
  readonly turnOn: Locator;
  readonly turnOff: Locator;
  readonly status: Locator;
  readonly recoveryCodes: Locator;

  constructor(readonly page: Page) {
    this.setUp = page.getByRole("button", { name: "Set up two-factor authentication" });
    this.secret = page.getByTestId("totp-secret");
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

  async confirm(code: string): Promise<void> {
    await this.code.fill(code);
    await this.turnOn.click();
  }
}

/** /profile/delete: "Your username" typed to confirm, "Delete my account" (behind the step-up). */
export class DeletePage {
  readonly confirmName: Locator;
  readonly submit: Locator;

  constructor(readonly page: Page) {
    this.confirmName = page.getByLabel("Your username");
    this.submit = page.getByRole("button", { name: "Delete my account" });
  }

  async goto(): Promise<void> {
    await this.page.goto("/profile/delete");
  }

  async delete(username: string): Promise<void> {
    await this.confirmName.fill(username);
    await this.submit.click();
  }
}

/** /profile/confirm: the step-up, by password or authenticator code. */
export class ConfirmPage {
  readonly heading: Locator;
  readonly password: Locator;
  readonly code: Locator;
  readonly withPassword: Locator;
  readonly withCode: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: "Confirm it is you" });
    this.password = page.getByLabel("Password", { exact: true });
    this.code = page.getByLabel("Authentication code");
    this.withPassword = page.getByRole("button", { name: "Confirm with password" });
    this.withCode = page.getByRole("button", { name: "Confirm with code" });
  }

  async withPasswordOf(password: string): Promise<void> {
    await this.password.fill(password);
    await this.withPassword.click();
  }

  async withCodeFrom(code: string): Promise<void> {
    await this.code.fill(code);
    await this.withCode.click();
  }
}

/** /profile/passkeys: the list, "Passkey name" and "Add a passkey", Rename and Remove per passkey. */
export class PasskeysPage {
  readonly heading: Locator;
  readonly items: Locator;
  readonly name: Locator;
  readonly add: Locator;
  readonly notice: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: "Passkeys", exact: true });
    this.items = page.getByTestId("passkey");
    this.name = page.getByLabel("Passkey name");
    this.add = page.getByRole("button", { name: "Add a passkey" });
    this.notice = page.getByRole("main").getByRole("status");
  }

  async goto(): Promise<void> {
    await this.page.goto("/profile/passkeys");
  }

  /** Adds a passkey under `name` with the page's (virtual) authenticator. */
  async addPasskey(name: string): Promise<void> {
    await this.name.fill(name);
    await this.add.click();
    await expect(this.notice).toContainText(`Passkey "${name}" added.`);
    await expect(this.page.getByRole("main").getByRole("alert")).toHaveCount(0);
  }

  async remove(name: string): Promise<void> {
    await this.page.getByRole("button", { name: `Remove ${name}` }).click();
  }
}
