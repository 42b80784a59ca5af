import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { mailbox } from "./support/mailbox";

// The mail pipe end to end: `npm run sendtestemail`, with the app server's mail settings, through
// SMTP to the suite's sink (e2e/support/smtp-sink.mjs), read back with e2e/support/mailbox.ts.

function sendtestemail(args: string[], env: Record<string, string>): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "--silent", "sendtestemail", "--", ...args], {
      env: { ...process.env, NODE_ENV: "production", APP_ORIGIN: process.env.E2E_BASE_URL!, ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("exit", (status) => resolve({ status, stderr }));
  });
}

const address = () => `mail-${randomBytes(4).toString("hex")}@seed.test`;

test("sendtestemail delivers through SMTP to the sink, one message to every address", async () => {
  const [to, cc] = [address(), address()];
  const sent = await sendtestemail([to, cc], { SMTP_URL: process.env.E2E_SMTP_URL!, EMAIL_FROM: "Seed <no-reply@seed.test>" });
  expect(sent.stderr).toContain(`Sent to ${to}, ${cc}`);
  expect(sent.status).toBe(0);

  const mail = await mailbox.waitFor(to, { subject: /^Test email from Seed/ });
  expect(mail.from).toMatch(/^"?Seed"? <no-reply@seed\.test>$/);
  expect(mail.to).toEqual([to, cc]);
  expect(mail.text).toContain("Seed can send mail (EMAIL_BACKEND=smtp)");
  expect(mail.html).toContain("<p");
  expect(mailbox.messagesTo(cc)).toHaveLength(1);
  expect(mailbox.links({ ...mail, text: "see https://a.example/x?y=1 and http://b.example." })).toEqual(["https://a.example/x?y=1", "http://b.example."]);
});

test("sendtestemail says why nothing was sent: bad address, no SMTP_URL in production, nobody listening", async () => {
  const bad = await sendtestemail(["not-an-address"], { SMTP_URL: process.env.E2E_SMTP_URL!, EMAIL_FROM: "Seed <no-reply@seed.test>" });
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain("not an email address: not-an-address");

  const unset = await sendtestemail([address()], { SMTP_URL: "", EMAIL_BACKEND: "" });
  expect(unset.status).toBe(1);
  expect(unset.stderr).toContain("SMTP_URL is not set");

  const to = address();
  const nobody = await sendtestemail([to], { SMTP_URL: "smtp://127.0.0.1:9", EMAIL_FROM: "Seed <no-reply@seed.test>" });
  expect(nobody.status).toBe(1);
  expect(nobody.stderr).toContain("not sent after 3 attempts: ECONNREFUSED");
  expect(mailbox.messagesTo(to)).toEqual([]);
});
