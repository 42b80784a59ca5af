import { expect, randomCredentials, test } from "../fixtures";

// Login must not tell an attacker which usernames exist.

test("unknown user and wrong password get byte-identical API answers (all but Date)", async ({ anonymousRequest, apiUser }) => {
  const wrong = await anonymousRequest.post("/api/login", { data: { ...apiUser, password: "wrong-password-123" } });
  const unknown = await anonymousRequest.post("/api/login", { data: randomCredentials() });
  const strip = (headers: { name: string; value: string }[]) =>
    headers.filter((h) => h.name.toLowerCase() !== "date").map((h) => `${h.name.toLowerCase()}: ${h.value}`).sort();
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
