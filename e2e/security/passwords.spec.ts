import { randomBytes } from "node:crypto";
import { expect, randomCredentials, test } from "../support/fixtures";

// NIST SP 800-63B as the signup form and API apply it.

test("a common password is refused with its reason", async ({ newUser, signupPage }) => {
  await signupPage.signup({ username: newUser.username, password: "qwertyuiop123" });
  // The server's error line (the strength meter alone says the same before any answer).
  await expect(signupPage.page.locator("#field-password-error")).toHaveText(/on a list of commonly used passwords/);
  await expect(signupPage.password).toHaveAttribute("aria-invalid", "true");
  await expect(signupPage.password).toHaveAccessibleDescription(/on a list of commonly used passwords/);
});

test("a password close to the username is refused with its reason", async ({ request }) => {
  const username = `maria_${randomBytes(3).toString("hex")}`;
  const response = await request.post("/api/signup", { data: { username, password: `${username}!2024` } });
  expect(response.status()).toBe(400);
  expect((await response.json()).fields.password).toContain("This password is too similar to the username.");
});

test("long and Unicode passwords are accepted whole: no composition rules, nothing cut at 72 bytes", async ({ request }) => {
  const username = randomCredentials().username;
  // 100 characters, 300 UTF-8 bytes: far past bcrypt's 72-byte limit.
  const password = "ключ-密码-🔑".repeat(10).slice(0, 100);
  expect((await request.post("/api/signup", { data: { username, password } })).status()).toBe(201);
  expect((await request.post("/api/login", { data: { username, password } })).status()).toBe(200);
  // Same first 72 bytes, different ending: refused.
  const sameStart = password.slice(0, 90) + "x".repeat(10);
  expect((await request.post("/api/login", { data: { username, password: sameStart } })).status()).toBe(401);
});

test("password fields tell password managers what they are and allow pasting", async ({ page, signupPage, loginPage }) => {
  await signupPage.goto();
  await expect(signupPage.password).toHaveAttribute("autocomplete", "new-password");
  await expect(signupPage.username).toHaveAttribute("autocomplete", "username");
  await loginPage.goto();
  await expect(loginPage.password).toHaveAttribute("autocomplete", "current-password");
  await expect(loginPage.username).toHaveAttribute("autocomplete", "username webauthn"); // passkeys offered in its autofill;
  const pasteAllowed = await loginPage.password.evaluate((input) => {
    const event = new ClipboardEvent("paste", { bubbles: true, cancelable: true, clipboardData: new DataTransfer() });
    return input.dispatchEvent(event);
  });
  expect(pasteAllowed).toBe(true);
  await expect(page.locator("input[type=password][maxlength]")).toHaveCount(0);
});

test("passwords are compared exactly as typed: no case folding, no trimming", async ({ request, apiUser }) => {
  const variants = [apiUser.password.toUpperCase(), ` ${apiUser.password}`, `${apiUser.password} `];
  for (const password of variants) {
    expect((await request.post("/api/login", { data: { username: apiUser.username, password } })).status()).toBe(401);
  }
  expect((await request.post("/api/login", { data: apiUser })).status()).toBe(200);
});

test("password inputs are masked", async ({ signupPage, loginPage }) => {
  await signupPage.goto();
  await expect(signupPage.password).toHaveAttribute("type", "password");
  await loginPage.goto();
  await expect(loginPage.password).toHaveAttribute("type", "password");
});

test("repetitive, sequential and site-word passwords are refused with the reason", async ({ request }) => {
  for (const [password, reason] of [
    ["aaaaaaaaaaaaaaaa", "Repeated characters"],
    ["abcdefghijklmnop", "Sequences"],
    ["seedseedseedseed", "too easy to guess"],
  ]) {
    const response = await request.post("/api/signup", { data: { username: randomCredentials().username, password } });
    expect(response.status()).toBe(400);
    expect((await response.json()).fields.password.join(" ")).toContain(reason);
  }
});
