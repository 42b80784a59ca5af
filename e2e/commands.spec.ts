import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { instancePort, startAppInstance } from "./support/app-instance";
import { expireSessionsOfUser, findUser, sessionsOfUser } from "./support/db";
import { expect, randomCredentials, test, type Credentials } from "./support/fixtures";

// The operator commands, run as an operator would (`npm run …`) against the e2e server's live
// database (or an extra instance's), then checked through the app and the database.

type Command = "createsuperuser" | "clearsessions";

function commandEnv(extra: Record<string, string> = {}, databaseUrl = process.env.E2E_DATABASE_URL!) {
  const { SEED_SUPERUSER_PASSWORD: _p, SEED_SUPERUSER_USERNAME: _u, SEED_SUPERUSER_EMAIL: _e, ...env } = process.env;
  return { ...env, DATABASE_URL: databaseUrl, BCRYPT_COST: "4", ...extra };
}

function run(command: Command, args: string[] = [], env: Record<string, string> = {}) {
  return spawnSync("npm", ["run", "--silent", command, "--", ...args], {
    encoding: "utf8",
    timeout: 60_000,
    env: commandEnv(env),
    stdio: ["pipe", "pipe", "pipe"],
  });
}

/**
 * Runs createsuperuser on a pseudo-terminal (util-linux `script`), typing each answer once its
 * prompt has appeared. Returns everything the terminal showed.
 */
async function onTerminal(args: string[], answers: [prompt: string, answer: string][]) {
  const child = spawn("script", ["--quiet", "--return", "--command", `npm run --silent createsuperuser -- ${args.join(" ")}`, "/dev/null"], {
    env: commandEnv(),
    stdio: ["pipe", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  let screen = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (screen += chunk));
  let seen = 0;
  for (const [prompt, answer] of answers) {
    await expect.poll(() => screen.indexOf(prompt, seen), { timeout: 30_000, message: `waiting for "${prompt}"` }).toBeGreaterThanOrEqual(0);
    seen = screen.indexOf(prompt, seen) + prompt.length;
    child.stdin.write(`${answer}\r`);
  }
  const status = await exited;
  return { status, screen: screen.replace(/\r\n/g, "\n") };
}

async function apiLoginStatus(request: APIRequestContext, credentials: Credentials) {
  return (await request.post("/api/login", { data: credentials })).status();
}

test.describe("npm run createsuperuser", () => {
  test("--noinput creates an active staff superuser, who logs in and reaches /admin/users", async ({ page, loginPage }) => {
    const admin = { username: `admin_${randomBytes(4).toString("hex")}`, password: randomCredentials().password };
    const email = `${admin.username}@example.com`;
    const result = run("createsuperuser", ["--noinput", "--username", admin.username, "--email", email.toUpperCase()], {
      SEED_SUPERUSER_PASSWORD: admin.password,
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("Superuser created successfully.");
    expect(await findUser(admin.username)).toMatchObject({ email, is_active: 1, is_staff: 1, is_superuser: 1 });

    await loginPage.loginSuccessfully(admin);
    await page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Admin" }).click();
    await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
    await page.getByLabel("Search usernames").fill(admin.username);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect(page.getByTestId(`user-row-${admin.username}`)).toContainText("Yes (superuser)");
  });

  test("interactively: asks again with the reason, never shows the password, offers no bypass", async ({ request, apiUser }) => {
    test.setTimeout(90_000);
    const admin = { username: `chief_${randomBytes(4).toString("hex")}`, password: randomCredentials().password };
    const { status, screen } = await onTerminal(
      [],
      [
        ["Username", "bad name!"],
        ["Username", apiUser.username],
        ["Username", admin.username],
        ["Email address", "not-an-address"],
        ["Email address", ""],
        ["Password: ", "short"],
        ["Password (again): ", "short"],
        ["Password: ", admin.password],
        ["Password (again): ", `${admin.password}x`],
        ["Password: ", `${admin.username}2024!!`],
        ["Password (again): ", `${admin.username}2024!!`],
        ["Password: ", admin.password],
        ["Password (again): ", admin.password],
      ],
    );
    expect(status, screen).toBe(0);
    expect(screen).toContain("Error: Use only letters, digits and @ . + - _ in a username.");
    expect(screen).toContain("Error: That username is already taken.");
    expect(screen).toContain("Error: Enter a valid email address, or leave it empty.");
    expect(screen).toContain("Error: Use at least 12 characters (this one has 5).");
    expect(screen).toContain("Error: Your passwords didn't match.");
    expect(screen).toContain("Error: This password is too similar to the username.");
    expect(screen).toContain("Superuser created successfully.");
    expect(screen).not.toContain(admin.password);
    expect(screen).not.toContain("2024!!");
    expect(screen).not.toContain("short");
    expect(screen).not.toMatch(/bypass/i);
    expect(await findUser(admin.username)).toMatchObject({ email: null, is_active: 1, is_staff: 1, is_superuser: 1 });
    expect(await apiLoginStatus(request, admin)).toBe(200);
  });

  test("refusals are explained, with exit status 1 (2 for bad arguments), and create nobody", async ({ apiUser }) => {
    test.setTimeout(90_000);
    const fresh = `nobody_${randomBytes(4).toString("hex")}`;
    const password = randomCredentials().password;
    const cases: [args: string[], env: Record<string, string>, status: number, message: string][] = [
      [["--noinput", "--username", fresh], {}, 1, "Set SEED_SUPERUSER_PASSWORD"],
      [["--noinput"], { SEED_SUPERUSER_PASSWORD: password }, 1, "You must use --username with --noinput."],
      [["--noinput", "--username", apiUser.username], { SEED_SUPERUSER_PASSWORD: password }, 1, "That username is already taken."],
      [["--noinput", "--username", "bad name"], { SEED_SUPERUSER_PASSWORD: password }, 1, "Use only letters, digits"],
      [["--noinput", "--username", fresh], { SEED_SUPERUSER_PASSWORD: "password1234" }, 1, "commonly used passwords"],
      [["--noinput", "--username", fresh, "--email", "nope"], { SEED_SUPERUSER_PASSWORD: password }, 1, "Enter a valid email address"],
      [["--username", fresh], {}, 1, "stdin is not one"],
      [["--frobnicate"], {}, 2, "Unknown option '--frobnicate'"],
    ];
    for (const [args, env, status, message] of cases) {
      const result = run("createsuperuser", args, env);
      expect(result.status, `${args.join(" ")}: ${result.stderr}`).toBe(status);
      expect(result.stderr).toContain(message);
      expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
    expect(await findUser(fresh)).toBeUndefined();
  });
});

test.describe("npm run clearsessions", () => {
  test("removes only expired sessions, from the live server's database", async ({ playwright, baseURL }) => {
    const users = [randomCredentials(), randomCredentials(), randomCredentials()];
    const api = await playwright.request.newContext({ baseURL });
    for (const user of users) {
      expect((await api.post("/api/signup", { data: user })).status()).toBe(201);
      const client = await playwright.request.newContext({ baseURL });
      expect(await apiLoginStatus(client, user)).toBe(200);
      await client.dispose();
    }
    const [idle, absolute, live] = await Promise.all(users.map(async (user) => (await findUser(user.username))!.id));
    await expireSessionsOfUser(idle!, "expire_date");
    await expireSessionsOfUser(absolute!, "absolute_expire_date");

    const result = run("clearsessions");
    expect(result.status, result.stderr).toBe(0);
    const deleted = Number(/Deleted (\d+) expired sessions?/.exec(result.stdout)?.[1]);
    expect(deleted).toBeGreaterThanOrEqual(2); // other tests' expired sessions may be among them
    expect(result.stdout).toMatch(/, \d+ idle throttle counters?, \d+ audit events? past retention and \d+ expired mailed links?\./);
    expect(await sessionsOfUser(idle!)).toHaveLength(0);
    expect(await sessionsOfUser(absolute!)).toHaveLength(0);
    expect(await sessionsOfUser(live!)).toHaveLength(1);
    await api.dispose();
  });

  test("the server also deletes them by itself every SESSION_CLEANUP_INTERVAL seconds", async ({ playwright }) => {
    test.setTimeout(120_000);
    const app = await startAppInstance(instancePort(8), { env: { SESSION_CLEANUP_INTERVAL: "1" } });
    try {
      const [expiring, staying] = [randomCredentials(), randomCredentials()];
      for (const user of [expiring, staying]) {
        // A client each: a login ends the session its browser already had.
        const api = await playwright.request.newContext({ baseURL: app.baseURL });
        expect((await api.post("/api/signup", { data: user })).status()).toBe(201);
        expect(await apiLoginStatus(api, user)).toBe(200);
        await api.dispose();
      }
      const ids = await Promise.all([expiring, staying].map(async (user) => (await findUser(user.username, app.databaseUrl))!.id));
      await expireSessionsOfUser(ids[0]!, "expire_date", app.databaseUrl);
      // Nobody presents the expired session: only the timer can remove it.
      await expect.poll(async () => (await sessionsOfUser(ids[0]!, app.databaseUrl)).length, { timeout: 15_000 }).toBe(0);
      expect(await sessionsOfUser(ids[1]!, app.databaseUrl)).toHaveLength(1);
      // One structured line per run that deleted something.
      const logLine = () =>
        app
          .logs()
          .split("\n")
          .find((text) => text.includes('"event":"expired_rows_deleted"'));
      await expect.poll(logLine, { timeout: 5_000 }).toBeTruthy();
      expect(JSON.parse(logLine()!)).toMatchObject({ level: "info", sessions: 1 });
    } finally {
      await app.stop();
    }
  });
});
