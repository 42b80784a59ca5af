import { expect, test } from "./support/fixtures";

// The strength meter runs the server's own rules in the browser: what it accepts, signup accepts;
// what it refuses, signup refuses with the very same reasons. Its word lists load on first input.

test("the meter's verdict is the server's verdict", async ({ page, newUser, signupPage }) => {
  const meter = page.getByTestId("password-strength");
  const refused = [
    "short-one", // too short
    "aaaaaaaaaaaaaaaa", // repeated
    `${newUser.username}!!`, // the username
    "1qaz2wsx3edc4rfv", // keyboard pattern
  ];
  for (const password of refused) {
    await signupPage.goto();
    await signupPage.username.fill(newUser.username);
    await signupPage.password.fill(password);
    await expect(meter).toHaveAttribute("data-acceptable", "false");
    await expect(meter).toContainText("This password will not be accepted.");
    const meterReasons = (await meter.getByRole("listitem").allTextContents()).map((s) => s.trim());
    expect(meterReasons.length).toBeGreaterThan(0);
    await signupPage.submit.click();
    await expect(signupPage.password).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator("#field-password-error")).toHaveText(meterReasons.join(" "));
  }

  await signupPage.goto();
  await signupPage.username.fill(newUser.username);
  await signupPage.password.fill(newUser.password);
  await expect(meter).toHaveAttribute("data-acceptable", "true");
  await expect(meter).toContainText("this password will be accepted");
  await signupPage.submit.click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("main").getByRole("status")).toHaveText("Account created, please log in.");
});

test("the meter follows the username, and its dictionaries load only on the first keystroke", async ({ page, signupPage }) => {
  const scripts: { url: string; bytes: number }[] = [];
  page.on("response", async (response) => {
    if (response.request().resourceType() !== "script") return;
    const body = await response.body().catch(() => Buffer.alloc(0));
    scripts.push({ url: response.url(), bytes: body.length });
  });
  await signupPage.goto();
  await expect(page.getByRole("button", { name: "Show password" })).toBeVisible(); // hydrated
  await page.waitForLoadState("networkidle");
  const firstLoad = scripts.reduce((n, s) => n + s.bytes, 0);
  const meter = page.getByTestId("password-strength");
  await expect(meter).toBeEmpty();

  await signupPage.username.fill("margaret.hamilton");
  await signupPage.password.fill("Hamilton-Margaret");
  await expect(meter).toContainText("This password is too similar to the username.");
  const afterInput = scripts.reduce((n, s) => n + s.bytes, 0);
  // The word lists (~50,000 common passwords and more) are hundreds of kilobytes.
  expect(afterInput - firstLoad).toBeGreaterThan(300_000);
  test
    .info()
    .annotations.push({ type: "bundle", description: `signup first load ${firstLoad} B of JS; meter adds ${afterInput - firstLoad} B on first input` });

  await signupPage.username.fill("someone-else");
  await expect(meter).toHaveAttribute("data-acceptable", "true");
});
