import { setTimeout as sleep } from "node:timers/promises";
import { instancePort, startAppInstance, type AppInstance } from "./support/app-instance";
import { expect, randomCredentials, test, type Credentials } from "./support/fixtures";
import { send, sessionCookieFrom } from "../stress/client";

// `npm start` runs WEB_CONCURRENCY worker processes sharing the port (node:cluster), as gunicorn
// runs workers. Each request is its own connection here, so they spread over the workers.

test.describe.configure({ mode: "serial", timeout: 180_000 });

let app: AppInstance;
let base: URL;
test.beforeAll(async () => {
  app = await startAppInstance(instancePort(21), {
    env: { WEB_CONCURRENCY: "2", BCRYPT_COST: "11", THROTTLE_LOGIN_CLIENT_FREE: "100000", THROTTLE_SIGNUP_CLIENT_FREE: "100000" },
  });
  base = new URL(app.baseURL);
});
test.afterAll(async () => {
  await app?.stop();
});

function workerPids(): Map<string, number> {
  const pids = new Map<string, number>();
  for (const match of app.logs().matchAll(/worker (\d+) pid (\d+)\)/g)) pids.set(match[1]!, Number(match[2]));
  return pids;
}

async function signupAndLogin(user: Credentials): Promise<string> {
  const signup = await send(base, "POST", "/api/signup", { json: user });
  expect(signup.ok && signup.reply.status).toBe(201);
  const login = await send(base, "POST", "/api/login", { json: user });
  expect(login.ok && login.reply.status).toBe(200);
  return sessionCookieFrom((login as { reply: Parameters<typeof sessionCookieFrom>[0] }).reply)!;
}

async function profileName(cookie: string): Promise<string | number> {
  const outcome = await send(base, "GET", "/api/profile", { cookie });
  if (!outcome.ok) return outcome.error;
  return outcome.reply.status === 200 ? (JSON.parse(outcome.reply.body) as { profile: { username: string } }).profile.username : outcome.reply.status;
}

test("two worker processes share the port; logins in parallel with authenticated requests all answer correctly", async () => {
  await expect.poll(() => workerPids().size).toBe(2);
  expect(app.logs()).toContain("2 worker processes (WEB_CONCURRENCY) share port");

  const reader = randomCredentials();
  const readerCookie = await signupAndLogin(reader);
  const people = Array.from({ length: 16 }, () => randomCredentials());
  for (const person of people) expect((await send(base, "POST", "/api/signup", { json: person })).ok).toBe(true);

  const [logins, reads] = await Promise.all([
    Promise.all(
      people.map(async (person) => {
        const login = await send(base, "POST", "/api/login", { json: person });
        if (!login.ok || login.reply.status !== 200) return `login ${person.username}: ${login.ok ? login.reply.status : login.error}`;
        const name = await profileName(sessionCookieFrom(login.reply)!);
        return name === person.username ? "ok" : `profile after login ${person.username}: ${name}`;
      }),
    ),
    Promise.all(Array.from({ length: 200 }, () => profileName(readerCookie))),
  ]);
  expect(logins.filter((result) => result !== "ok")).toEqual([]);
  expect(reads.filter((name) => name !== reader.username)).toEqual([]);
});

test("a worker that dies is replaced, and every session keeps working", async () => {
  const user = randomCredentials();
  const cookie = await signupAndLogin(user);
  const before = workerPids();
  const victim = before.get("1")!;
  process.kill(victim, "SIGKILL");
  await expect.poll(() => app.logs()).toMatch(/worker 1 \(pid \d+\) died \(SIGKILL\); starting a new one/);
  await expect.poll(() => workerPids().get("1"), { timeout: 60_000 }).not.toBe(victim);
  for (let i = 0; i < 20; i++) expect(await profileName(cookie)).toBe(user.username);
});

test("SIGTERM drains every worker: logins in flight are answered, then the server exits", async () => {
  const people = Array.from({ length: 4 }, () => randomCredentials());
  for (const person of people) expect((await send(base, "POST", "/api/signup", { json: person })).ok).toBe(true);
  const logins = people.map((person) => send(base, "POST", "/api/login", { json: person }));
  await sleep(400); // accepted and hashing (bcrypt cost 11 on this instance)
  const stopped = app.stop();
  const answers = await Promise.all(logins);
  await stopped;
  expect(answers.map((answer) => (answer.ok ? answer.reply.status : answer.error))).toEqual([200, 200, 200, 200]);
  // The one replacement is the previous test's; stopping replaced nobody.
  expect(app.logs().match(/starting a new one/g)).toHaveLength(1);
});
