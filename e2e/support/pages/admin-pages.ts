import { expect, type Locator, type Page } from "@playwright/test";

/** /admin/users: the search form, the users table, and a Deactivate/Reactivate and End sessions
 * button per row (each a POST form). */
export class AdminUsersPage {
  readonly heading: Locator;
  readonly search: Locator;
  readonly count: Locator;
  readonly notice: Locator;
  readonly alert: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: "Users" });
    this.search = page.getByLabel("Search usernames");
    this.count = page.getByTestId("user-count");
    this.notice = page.getByRole("main").getByRole("status");
    this.alert = page.getByRole("main").getByRole("alert");
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/admin/users${query}`);
    await expect(this.heading).toBeVisible();
  }

  /** Searches through the form (a GET: the query lands in the URL). */
  async searchFor(text: string): Promise<void> {
    await this.search.fill(text);
    await this.page.getByRole("button", { name: "Search", exact: true }).click();
    await expect(this.page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(text)}`));
  }

  row(username: string): Locator {
    return this.page.getByTestId(`user-row-${username}`);
  }

  /** The row's cells under these column headings. */
  async rowFacts(username: string): Promise<Record<string, string>> {
    const headings = await this.page.locator("table.users thead th").allInnerTexts();
    const cells = await this.row(username).locator("th, td").allInnerTexts();
    return Object.fromEntries(headings.map((heading, n) => [heading, (cells[n] ?? "").trim()]));
  }

  button(action: "Deactivate" | "Reactivate" | "End sessions", username: string): Locator {
    return this.page.getByRole("button", { name: `${action} ${username}`, exact: true });
  }
}

/** /admin/events: the filter form (Event, Username, From, To) and the rows. */
export class AdminEventsPage {
  readonly heading: Locator;
  readonly event: Locator;
  readonly username: Locator;
  readonly rows: Locator;
  readonly count: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: "Auth events" });
    this.event = page.getByLabel("Event");
    this.username = page.getByLabel("Username");
    this.rows = page.getByTestId("event-row");
    this.count = page.getByTestId("event-count");
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/admin/events${query}`);
    await expect(this.heading).toBeVisible();
  }

  async filter({ event, username }: { event?: string; username?: string }): Promise<void> {
    if (event !== undefined) await this.event.selectOption(event);
    if (username !== undefined) await this.username.fill(username);
    await this.page.getByRole("button", { name: "Filter" }).click();
  }
}
