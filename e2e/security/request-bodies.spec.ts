import { instancePort, startAppInstance, type AppInstance } from "../support/app-instance";
import { expect, randomCredentials, test } from "../support/fixtures";
import { peakRssMb, processesInGroup, resetPeakRss, rssMb } from "../support/process-memory";
import { upload, type UploadAnswer } from "../support/raw-upload";

// Request bodies are bounded while they are read: hundreds of megabytes sent to the production
// server, chunked (no Content-Length) or under a huge declared length, to an API route and to a
// page's server action. The answer is 413 JSON, the server stops reading (the upload is cut off
// far before its end) and the server process's peak memory hardly moves.

const HUGE = 300 * 1024 * 1024;
/** Body bytes the client may get into socket buffers (its own and the server's) before the server stops reading. */
const MAX_SENT = 32 * 1024 * 1024;
/** Growth of the server process's peak resident memory allowed for one such request. */
const MAX_GROWTH_MB = 8;

// In order, on one instance; a failed test does not skip the next ones.
test.describe.configure({ mode: "default" });

let app: AppInstance;
let serverPid: number;
let actionId: string;

test.beforeAll(async ({ playwright }) => {
  app = await startAppInstance(instancePort(15));
  const pids = processesInGroup(app.pid, "scripts/server.mjs");
  expect(pids, "one server process (WEB_CONCURRENCY=1)").toHaveLength(1);
  serverPid = pids[0]!;
  // The login form's action id, from the hidden fields React renders for browsers without JavaScript.
  const api = await playwright.request.newContext({ baseURL: app.baseURL });
  const html = await (await api.get("/login")).text();
  await api.dispose();
  const reference = /name="\$ACTION_1:0" value="([^"]+)"/.exec(html);
  expect(reference, "the login form's action reference").not.toBeNull();
  actionId = (JSON.parse(reference![1]!.replaceAll("&quot;", '"')) as { id: string }).id;
});
test.afterAll(async () => {
  await app?.stop();
});

const origin = () => new URL(app.baseURL).origin;
const json = { "Content-Type": "application/json" };
const BOUNDARY = "----seedboundary";
const multipart = () => ({ "Content-Type": `multipart/form-data; boundary=${BOUNDARY}`, Origin: origin() });
const fieldPart = (name: string) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`;

/** The login form's action as the browser's JavaScript calls it (Next-Action header), or as a plain form post. */
const actionHeaders = () => ({ ...multipart(), "Next-Action": actionId, Accept: "text/x-component" });

/** Runs one upload and returns its answer with the server process's peak memory growth. */
async function measured(send: () => Promise<UploadAnswer>): Promise<UploadAnswer & { growthMb: number }> {
  // Warm: the routes are loaded and compiled before the baseline is taken.
  await fetch(`${app.baseURL}/api/health`);
  const before = rssMb(serverPid);
  resetPeakRss(serverPid);
  const answer = await send();
  return { ...answer, growthMb: peakRssMb(serverPid) - before };
}

function expectTooLarge(answer: UploadAnswer & { growthMb: number }, what: string) {
  test.info().annotations.push({ type: what, description: `${answer.sent} body bytes let in, peak RSS +${answer.growthMb.toFixed(1)} MB` });
  // Soft: a failure reports every way the answer fell short.
  expect.soft(answer.status, `${what}: status (body ${answer.body.slice(0, 200)})`).toBe(413);
  expect.soft(answer.headers["content-type"], `${what}: content type`).toContain("application/json");
  expect.soft(answer.body, `${what}: body`).toContain('"error":"Request body too large"');
  expect.soft(answer.sent, `${what}: body bytes the server let in`).toBeLessThan(MAX_SENT);
  expect.soft(answer.growthMb, `${what}: growth of the server's peak RSS, MB`).toBeLessThan(MAX_GROWTH_MB);
}

async function expectServerWell() {
  const response = await fetch(`${app.baseURL}/api/health`);
  expect(response.status).toBe(200);
}

test("a chunked body of 300 MB to /api/login is cut off: 413 JSON, reading stops, memory stays flat", async () => {
  test.setTimeout(120_000);
  const answer = await measured(() => upload(app.baseURL, { path: "/api/login", headers: json, prefix: '{"username":"', bodyBytes: HUGE }));
  expectTooLarge(answer, "chunked /api/login");
  await expectServerWell();
});

test("a chunked body of 300 MB to the login form's server action is cut off the same way", async () => {
  test.setTimeout(120_000);
  const fetchAction = await measured(() => upload(app.baseURL, { path: "/login", headers: actionHeaders(), prefix: fieldPart("1_username"), bodyBytes: HUGE }));
  expectTooLarge(fetchAction, "chunked fetch action (Next-Action)");
  const formPost = await measured(() => upload(app.baseURL, { path: "/login", headers: multipart(), prefix: fieldPart("username"), bodyBytes: HUGE }));
  expectTooLarge(formPost, "chunked form post to /login");
  await expectServerWell();
});

test("a huge Content-Length is refused before the body is read, with or without Expect: 100-continue", async () => {
  test.setTimeout(120_000);
  for (const [what, path, headers, prefix] of [
    ["/api/login", "/api/login", json, '{"username":"'],
    ["the login action", "/login", actionHeaders(), fieldPart("1_username")],
  ] as const) {
    const declared = await measured(() => upload(app.baseURL, { path, headers, prefix, bodyBytes: HUGE, contentLength: 10 * HUGE }));
    expectTooLarge(declared, `${what}, Content-Length ${10 * HUGE}`);
    const asked = await measured(() => upload(app.baseURL, { path, headers, prefix, bodyBytes: HUGE, contentLength: 10 * HUGE, expectContinue: true }));
    expectTooLarge(asked, `${what}, Expect: 100-continue`);
    expect.soft(asked.continued, `${what}: no 100 Continue for a body that will be refused`).toBe(false);
    expect.soft(asked.sent, `${what}: nothing sent without 100 Continue`).toBe(0);
  }
  await expectServerWell();
});

test("the API's own 16 KB limit holds without a Content-Length, and small requests keep working", async ({ playwright }) => {
  // Over the API's limit, under the server's: chunked, and declared.
  const chunked = await upload(app.baseURL, { path: "/api/login", headers: json, prefix: '{"username":"', bodyBytes: 20 * 1024 });
  expect(chunked.status, chunked.body).toBe(413);
  expect(JSON.parse(chunked.body)).toEqual({ error: "Request body too large", maxBytes: 16 * 1024 });
  const declared = await upload(app.baseURL, { path: "/api/login", headers: json, prefix: '{"username":"', bodyBytes: 20 * 1024, contentLength: 20 * 1024 });
  expect(declared.status, declared.body).toBe(413);

  // Small bodies, chunked or not, with Expect: 100-continue or not, are read whole.
  const credentials = randomCredentials();
  const api = await playwright.request.newContext({ baseURL: app.baseURL });
  expect((await api.post("/api/signup", { data: credentials })).status()).toBe(201);
  const body = JSON.stringify(credentials);
  for (const options of [{}, { contentLength: body.length }, { contentLength: body.length, expectContinue: true }]) {
    const answer = await upload(app.baseURL, { path: "/api/login", headers: json, prefix: body, bodyBytes: body.length, ...options });
    expect(answer.status, `${JSON.stringify(options)}: ${answer.body}`).toBe(200);
  }
  // The login form's action, as a browser without JavaScript posts it.
  const html = await (await api.get("/login")).text();
  const fields = Object.fromEntries(
    [...html.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/>/g)].map(([, name, value = ""]) => [name!, value.replaceAll("&quot;", '"')]),
  );
  const form = await api.post("/login", { multipart: { ...fields, ...credentials }, headers: { origin: origin() }, maxRedirects: 0 });
  expect(form.status()).toBe(303);
  await api.dispose();
});
