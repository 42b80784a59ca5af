import { createHash } from "node:crypto";
import { ageSessionsOfUser, findUser } from "./support/db";
import { expect, test } from "./support/fixtures";
import { SESSION_COOKIE, unsealCookie } from "./support/session-cookie";

// The lifecycle inspector on /profile/sessions: each layer with real data from the request that rendered
// the page, and nothing the user could not already know.

test("the inspector shows every layer of this request, and no secret", async ({ page, context, apiUser, loginPage }, testInfo) => {
  await loginPage.loginSuccessfully(apiUser);
  await page.goto("/profile/sessions");
  const panel = page.getByTestId("lifecycle-inspector");
  const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE)!.value;
  const key = String((await unsealCookie(cookie, testInfo)).k);
  const hash = createHash("sha256").update(key).digest("hex");
  const user = (await findUser(apiUser.username))!;

  await expect(page.getByText("How this request was authenticated")).toBeVisible();
  const row = (name: string) => panel.getByRole("row", { name: new RegExp(`^${name}`) });
  await expect(row("1. Cookie")).toContainText(`Present: ${cookie.length} sealed characters`);
  await expect(row("2. Middleware")).toContainText("Skipped: this request carried a session cookie");
  await expect(row("3. Session row")).toContainText(`${hash.slice(0, 8)}…`);
  await expect(row("3. Session row")).toContainText("not renewed by this request");
  await expect(row("4. User row")).toContainText(`#${user.id} ${apiUser.username}: active yes, staff no`);
  await expect(row("5. Access control")).toContainText("allowed");
  for (const name of ["1. Cookie", "3. Session row", "5. Access control"]) {
    await expect(row(name).getByRole("cell").last()).toHaveText(/^\d+\.\d\d ms$/);
  }

  const html = await page.content();
  for (const secret of [cookie, key, hash, hash.slice(0, 9)]) expect(html).not.toContain(secret);

  // A session last renewed two minutes ago is slid forward by this request, and the panel says so.
  await ageSessionsOfUser(user.id, 120);
  await page.reload();
  await expect(row("3. Session row")).toContainText("this request slid the expiry forward (one write)");
  await page.reload();
  await expect(row("3. Session row")).toContainText("not renewed by this request");

  if (process.env.DOCS_SCREENSHOTS === "1") {
    await page.setViewportSize({ width: 1100, height: 900 });
    await page.screenshot({ path: "docs/profile-inspector.png", fullPage: true });
  }
});
