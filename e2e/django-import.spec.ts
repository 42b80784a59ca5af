import { randomBytes } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import bcrypt from "bcryptjs";
import { TEST_PROVIDER } from "../tests/support/databases.mjs";
import { copyToPostgres, createDjangoDatabase, djangoMissing, importDjango, type DjangoDatabase, type DjangoUser } from "./support/django";
import { eventsOf, findUser } from "./support/db";
import { expect, test } from "./support/fixtures";

// Users created by a real Django (Debian's python3-django, create_user) are imported with
// `npm run import-django` into the e2e server's database and log in to this app with the
// passwords they had.

const ARGON2 = "argon2$argon2id$v=19$m=102400,t=2,p=8$YVVJbzBKemEwRVlIcEVzUmlWSTNxUw$VvzgmwBNE5JlbxTXVX4czA";

function djangoUsers(tag: string): DjangoUser[] {
  return [
    { username: `dj_alice_${tag}`, email: `alice_${tag}@Example.com`, password: `alice-pw-${tag}` },
    { username: `dj_bob_${tag}`, email: `bob_${tag}@example.com`, password: `bob-pw-${tag}`, iterations: 600_000 },
    { username: `DJ_ALICE_${tag}`, email: `other_${tag}@example.com`, password: `x-pw-${tag}` },
    { username: `dj_carol_${tag}`, email: `ALICE_${tag}@example.com`, password: `carol-pw-${tag}` },
    { username: `dj_root_${tag}`, email: `root_${tag}@example.com`, password: `root-pw-${tag}`, superuser: true },
    { username: `dj_nopass_${tag}`, password: null },
    { username: `dj_argon_${tag}`, password: "unused", raw_hash: ARGON2 },
    { username: `dj_gone_${tag}`, password: `gone-pw-${tag}`, active: false },
    { username: `dj_bad name_${tag}`, password: `bad-pw-${tag}` },
  ];
}

async function apiLogin(request: APIRequestContext, username: string, password: string): Promise<number> {
  return (await request.post("/api/login", { data: { username, password } })).status();
}

let django: DjangoDatabase;
let tag: string;

test.beforeAll(() => {
  const missing = djangoMissing();
  if (missing) throw new Error(missing);
  tag = randomBytes(4).toString("hex");
  django = createDjangoDatabase(djangoUsers(tag));
});

test.afterAll(() => django?.dispose());

test.describe.configure({ mode: "serial" });

test("the import creates Django's users, skips what does not fit with a reason, and prints no hash", async () => {
  test.setTimeout(120_000);
  const result = importDjango(django.path, process.env.E2E_DATABASE_URL!);
  expect(result.status, result.stderr).toBe(0);
  expect(result.stdout).toContain("Importing 9 users from SQLite file");
  expect(result.stdout).toContain("Created 7, updated 0, unchanged 0, skipped 2.");
  expect(result.stdout).toMatch(new RegExp(`"DJ_ALICE_${tag}" \\(Django id \\d+\\): same name as "dj_alice_${tag}"`));
  expect(result.stdout).toContain(`"dj_bad name_${tag}"`);
  expect(result.stdout).toMatch(new RegExp(`"dj_carol_${tag}" .*the same email as "dj_alice_${tag}"`));
  expect(result.stdout).toMatch(new RegExp(`"dj_nopass_${tag}" .*unusable password`));
  expect(result.stdout).toMatch(new RegExp(`"dj_argon_${tag}" .*argon2`));
  expect(result.stdout + result.stderr).not.toMatch(/pbkdf2_sha256\$\d|\$2b\$|YVVJbzBK/);

  const alice = await findUser(`dj_alice_${tag}`);
  expect(alice).toMatchObject({ email: `alice_${tag}@example.com`, is_active: 1, is_staff: 0, is_superuser: 0 });
  expect(alice!.password).toMatch(/^pbkdf2_sha256\$260000\$/);
  expect((await findUser(`dj_bob_${tag}`))!.password).toMatch(/^pbkdf2_sha256\$600000\$/);
  expect(await findUser(`dj_carol_${tag}`)).toMatchObject({ email: null });
  expect(await findUser(`dj_root_${tag}`)).toMatchObject({ is_staff: 1, is_superuser: 1 });
  expect(await findUser(`dj_gone_${tag}`)).toMatchObject({ is_active: 0 });
});

test("imported users log in with their Django passwords; the hash becomes this app's at once", async ({ playwright, baseURL }) => {
  for (const name of ["alice", "bob"]) {
    const username = `dj_${name}_${tag}`;
    const password = `${name}-pw-${tag}`;
    const client = await playwright.request.newContext({ baseURL });
    expect(await apiLogin(client, username, password)).toBe(200);
    expect((await client.get("/api/profile")).status()).toBe(200);
    const row = (await findUser(username))!;
    expect(row.password).toMatch(/^bcrypt_sha256\$\$2b\$04\$/);
    const upgraded = (await eventsOf({ userId: row.id })).filter((e) => e.event === "hash_upgraded");
    expect(upgraded).toHaveLength(1);
    expect(upgraded[0]!.detail).toMatch(/^from pbkdf2_sha256, (260000|600000) iterations$/);
    // The next login checks the new hash.
    expect(await apiLogin(client, username, password)).toBe(200);
    expect((await findUser(username))!.password).toBe(row.password);
    await client.dispose();
  }
});

test("a wrong password, an unusable or argon2 password and an inactive account are refused like any", async ({ request }) => {
  const carol = `dj_carol_${tag}`;
  expect(await apiLogin(request, carol, `carol-pw-${tag}-wrong`)).toBe(401);
  expect((await findUser(carol))!.password).toMatch(/^pbkdf2_sha256\$/);
  expect(await apiLogin(request, `dj_nopass_${tag}`, "")).toBe(400);
  expect(await apiLogin(request, `dj_nopass_${tag}`, "anything-at-all")).toBe(401);
  expect(await apiLogin(request, `dj_argon_${tag}`, "unused")).toBe(401);
  expect(await apiLogin(request, `dj_gone_${tag}`, `gone-pw-${tag}`)).toBe(401);
  expect(await apiLogin(request, carol, `carol-pw-${tag}`)).toBe(200);
});

test("a second import changes nothing, and keeps what changed here", async () => {
  test.setTimeout(120_000);
  const result = importDjango(django.path, process.env.E2E_DATABASE_URL!);
  expect(result.status, result.stderr).toBe(0);
  // alice, bob and carol logged in here: their upgraded hashes stay.
  expect(result.stdout).toContain("Created 0, updated 0, unchanged 4, skipped 5.");
  expect(result.stdout).toMatch(new RegExp(`"dj_alice_${tag}" .*logged in on this app since it was imported`));
  expect((await findUser(`dj_alice_${tag}`))!.password).toMatch(/^bcrypt_sha256\$/);
});

test("a PostgreSQL source imports the same way", async ({ request }) => {
  test.skip(TEST_PROVIDER !== "postgresql", "needs the PostgreSQL test server (npm run test:pg)");
  test.setTimeout(120_000);
  const source = createDjangoDatabase([{ username: `dj_pg_${tag}`, email: `pg_${tag}@example.com`, password: `pg-pw-${tag}` }]);
  const copy = await copyToPostgres(source.path);
  try {
    const result = importDjango(copy.url, process.env.E2E_DATABASE_URL!);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("Importing 1 user from PostgreSQL database");
    expect(result.stdout).toContain("Created 1, updated 0, unchanged 0, skipped 0.");
    expect(result.stdout).not.toContain(new URL(copy.url).password || "\u0000");
    expect(await apiLogin(request, `dj_pg_${tag}`, `pg-pw-${tag}`)).toBe(200);
    expect((await findUser(`dj_pg_${tag}`))!.password).toMatch(/^bcrypt_sha256\$/);
  } finally {
    await copy.dispose();
    source.dispose();
  }
});

test("the import refuses what is not a Django database, with the reason and no stack trace", async () => {
  const missing = importDjango("/nonexistent/django.sqlite3", process.env.E2E_DATABASE_URL!);
  expect(missing.status).toBe(1);
  expect(missing.stderr).toContain("no such file: /nonexistent/django.sqlite3");
  const usage = importDjango("", process.env.E2E_DATABASE_URL!, ["--batch-size", "0"]);
  expect(usage.status).toBe(2);
  expect(`${missing.stderr}${usage.stderr}`).not.toMatch(/\n\s+at /);
});

test("weak hashes are imported and named in the report, a bcrypt cost above 16 is refused, and a weak hash goes at the first login", async ({ request }) => {
  test.setTimeout(120_000);
  const t = randomBytes(4).toString("hex");
  const password = `weak-pw-${t}`;
  // bcrypt$ is Django's BCryptPasswordHasher: bcrypt of the password itself. A cost of 17 needs
  // no real digest: the import must refuse it by its cost alone.
  const bcryptAt = (cost: number) => `bcrypt$${bcrypt.hashSync(password, 4).replace("$2b$04$", `$2b$${cost}$`)}`;
  const source = createDjangoDatabase([
    { username: `dj_few_${t}`, password, iterations: 1000 },
    { username: `dj_sha1_${t}`, password: "unused", raw_hash: "pbkdf2_sha1$1000$fixedsalt123$aX/HuGXIJD9U62wewqcVK5mK6q8=" },
    { username: `dj_cheap_${t}`, password: "unused", raw_hash: `bcrypt$${bcrypt.hashSync(password, 8)}` },
    { username: `dj_costly_${t}`, password: "unused", raw_hash: bcryptAt(17) },
    { username: `dj_fine_${t}`, password },
  ]);
  try {
    const result = importDjango(source.path, process.env.E2E_DATABASE_URL!);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("Created 4, updated 0, unchanged 0, skipped 1.");
    expect(result.stdout).toMatch(new RegExp(`"dj_costly_${t}" \\(Django id \\d+\\): .*bcrypt cost 17 is above 16`));
    expect(await findUser(`dj_costly_${t}`)).toBeUndefined();
    const weak = result.stdout.slice(result.stdout.indexOf("weak password hash"));
    expect(weak).toMatch(new RegExp(`"dj_few_${t}" .*1000 iterations, fewer than 100000`));
    expect(weak).toMatch(new RegExp(`"dj_sha1_${t}" .*SHA-1`));
    expect(weak).toMatch(new RegExp(`"dj_cheap_${t}" .*cost 8, below 10`));
    expect(weak).not.toContain(`dj_fine_${t}`);

    expect(await apiLogin(request, `dj_few_${t}`, password)).toBe(200);
    expect((await findUser(`dj_few_${t}`))!.password).toMatch(/^bcrypt_sha256\$\$2b\$04\$/);
    expect(await apiLogin(request, `dj_cheap_${t}`, password)).toBe(200);
    expect((await findUser(`dj_cheap_${t}`))!.password).toMatch(/^bcrypt_sha256\$/);
  } finally {
    source.dispose();
  }
});
