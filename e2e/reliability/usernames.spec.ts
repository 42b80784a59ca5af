import { randomBytes } from "node:crypto";
import { expect, test } from "../support/fixtures";

// One name, whatever its case or width; look-alikes from other scripts are refused.

test("Alice and alice cannot both exist, and either spelling logs in", async ({ request, anonymousRequest }) => {
  const name = `Alice_${randomBytes(4).toString("hex")}`;
  const password = "correct horse battery staple";
  expect((await request.post("/api/signup", { data: { username: name, password } })).status()).toBe(201);
  for (const other of [name.toLowerCase(), name.toUpperCase(), name.replace("A", "Ａ")]) {
    const again = await request.post("/api/signup", { data: { username: other, password } });
    expect(again.status(), other).toBe(409);
  }
  const login = await anonymousRequest.post("/api/login", { data: { username: name.toLowerCase(), password } });
  expect(login.status()).toBe(200);
  expect((await (await anonymousRequest.get("/api/profile")).json()).profile.username).toBe(name);
});

test("a look-alike name is refused with the allowed characters named", async ({ request }) => {
  const response = await request.post("/api/signup", {
    data: { username: `pаypal_${randomBytes(3).toString("hex")}`, password: "correct horse battery staple" },
  });
  expect(response.status()).toBe(400);
  expect((await response.json()).fields.username).toContain("Use only letters, digits and @ . + - _ in a username.");
});
