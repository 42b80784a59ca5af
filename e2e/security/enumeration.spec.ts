import { randomBytes } from "node:crypto";
import { findUser } from "../support/db";
import { responseShape } from "../support/response-shape";
import { expect, randomCredentials, test } from "../support/fixtures";
import { EmailPage } from "../support/pages/account-pages";
import { LoginPage } from "../support/pages/auth-pages";
import { signupWithEmail } from "../support/mail-accounts";

// Login must not tell an attacker which usernames exist (usernames themselves are public, as in
// Django: signup says when one is taken).

test("unknown user and wrong password get byte-identical API answers (all but Date)", async ({ anonymousRequest, apiUser }) => {
  const wrong = await anonymousRequest.post("/api/login", { data: { ...apiUser, password: "wrong-password-123" } });
  const unknown = await anonymousRequest.post("/api/login", { data: randomCredentials() });
  const strip = (headers: { name: string; value: string }[]) =>
    headers
      .filter((h) => h.name.toLowerCase() !== "date")
      .map((h) => `${h.name.toLowerCase()}: ${h.value}`)
      .sort();
  expect(wrong.status()).toBe(401);
  expect(unknown.status()).toBe(wrong.status());
  expect(await unknown.body()).toEqual(await wrong.body());
  expect(strip(unknown.headersArray())).toEqual(strip(wrong.headersArray()));
});

test("unknown user and wrong password get the same page and the same alert", async ({ page, apiUser, loginPage }) => {
  await loginPage.login({ ...apiUser, password: "wrong-password-123" });
  await expect(loginPage.alert).toHaveText("Invalid username or password");
  const wrongHtml = await page.getByRole("main").innerHTML();
  const ghost = randomCredentials();
  await loginPage.login({ ...ghost });
  await expect(loginPage.alert).toHaveText("Invalid username or password");
  // The only difference is the username kept in its field (and in React's copy of the form state).
  const normalise = (html: string) => html.replaceAll(ghost.username, "NAME").replaceAll(apiUser.username, "NAME");
  expect(normalise(await page.getByRole("main").innerHTML())).toBe(normalise(wrongHtml));
});

// Signup and the email form must not tell anyone which email addresses have accounts.

const address = () => `person-${randomBytes(4).toString("hex")}@example.org`;

test("API signup answers a taken email exactly like a free one, and the owner keeps it", async ({ request }) => {
  const owner = await signupWithEmail(request);

  const withTaken = { ...randomCredentials(), email: owner.email.toUpperCase() };
  const withFree = { ...randomCredentials(), email: address() };
  const taken = await request.post("/api/signup", { data: withTaken });
  const free = await request.post("/api/signup", { data: withFree });
  expect(await responseShape(taken)).toEqual(await responseShape(free));
  expect(taken.status()).toBe(201);
  expect((await findUser(owner.username))?.email).toBe(owner.email);
  // Neither newcomer has an address until a link is opened, so their profiles look alike too.
  expect(await findUser(withTaken.username)).toMatchObject({ email: null });
  expect(await findUser(withFree.username)).toMatchObject({ email: null });
});

test("the signup form answers a taken email like a free one", async ({ page, request, signupPage }) => {
  const owner = await signupWithEmail(request);
  const answers: string[] = [];
  for (const email of [owner.email, address()]) {
    await signupPage.goto();
    await signupPage.username.fill(randomCredentials().username);
    await page.getByLabel("Email").fill(email);
    await signupPage.password.fill(randomCredentials().password);
    await signupPage.submit.click();
    await expect(page).toHaveURL(/\/login$/);
    answers.push((await page.getByRole("main").innerText()).trim());
  }
  expect(answers[0]).toBe(answers[1]);
});

test("the email form answers a taken address like a free one", async ({ browser, baseURL, request }) => {
  const owner = await signupWithEmail(request);
  const answers: string[] = [];
  for (const email of [owner.email, address()]) {
    const user = randomCredentials();
    expect((await request.post("/api/signup", { data: user })).status()).toBe(201);
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    await new LoginPage(page).login(user);
    await expect(page).toHaveURL(/\/profile$/);
    const emailPage = new EmailPage(page);
    await emailPage.goto();
    await emailPage.change(email);
    await expect(page).toHaveURL(/\/profile$/);
    // The answer names the address asked for; apart from it, and on the profile, both look the same.
    answers.push((await page.getByRole("main").getByRole("status").innerText()).trim().replace(email, "ADDRESS"));
    answers.push((await page.getByTestId("email-pending").innerText()).replace(email, "ADDRESS").replace(/until .*\)/, "until …)"));
    await context.close();
  }
  expect(answers[0]).toBe(answers[2]);
  expect(answers[1]).toBe(answers[3]);
  expect((await findUser(owner.username))?.email).toBe(owner.email);
});
