import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createMailer, type Mailer, type MailLog } from "@/lib/mail/send";
import { mailSettingsFrom } from "@/lib/mail/settings";
import { composeMail } from "@/lib/mail/templates";
import { startSmtpServer, unusedPort, type TestSmtpServer } from "../support/smtp-server";

// Real delivery: a real SMTP server on a loopback port, the message parsed as a mail client would.

const FROM = "Seed <no-reply@seed.test>";
const open: { servers: TestSmtpServer[]; mailers: Mailer[]; dirs: string[] } = { servers: [], mailers: [], dirs: [] };
afterEach(async () => {
  for (const mailer of open.mailers.splice(0)) mailer.close();
  await Promise.all(open.servers.splice(0).map((server) => server.close()));
  for (const dir of open.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function recordingLog(): MailLog & { entries: Record<string, unknown>[] } {
  const entries: Record<string, unknown>[] = [];
  const push = (entry: object) => void entries.push(entry as Record<string, unknown>);
  return { entries, info: push, warn: push, error: push };
}

function mailerFor(env: Record<string, string>, log = recordingLog(), retryDelays?: number[]): Mailer {
  const mailer = createMailer(mailSettingsFrom({ EMAIL_FROM: FROM, APP_ORIGIN: "https://seed.test", ...env }), { log, retryDelays });
  open.mailers.push(mailer);
  return mailer;
}

async function server(options: Parameters<typeof startSmtpServer>[0] = {}): Promise<TestSmtpServer> {
  const started = await startSmtpServer(options);
  open.servers.push(started);
  return started;
}

const message = () =>
  composeMail(
    {
      to: "alice@example.com",
      subject: "Reset your password",
      greeting: "Hello alice,",
      paragraphs: ["Someone asked to reset the password of your account <alice>."],
      action: { label: "Choose a new password", url: "https://seed.test/password-reset/tok-123?x=1&y=2" },
    },
    "Seed",
  );

describe("SMTP delivery", () => {
  it("delivers the text and HTML parts with From, To and Subject", async () => {
    const smtp = await server();
    expect(await mailerFor({ SMTP_URL: smtp.url() }).send(message())).toBe(true);
    expect(smtp.received).toHaveLength(1);
    const { mail, envelopeFrom, envelopeTo } = smtp.received[0]!;
    expect(mail.from?.value).toEqual([{ name: "Seed", address: "no-reply@seed.test" }]);
    expect(envelopeFrom).toBe("no-reply@seed.test");
    expect(envelopeTo).toEqual(["alice@example.com"]);
    expect(mail.subject).toBe("Reset your password");
    expect(mail.text).toContain("https://seed.test/password-reset/tok-123?x=1&y=2");
    expect(mail.html).toContain('href="https://seed.test/password-reset/tok-123?x=1&amp;y=2"');
    expect(mail.html).toContain("&lt;alice&gt;");
  });

  it("logs in with the user and password of SMTP_URL, percent-decoded", async () => {
    const smtp = await server({ auth: { user: "mailer", pass: "p@ss:w/rd" } });
    expect(await mailerFor({ SMTP_URL: smtp.url(`mailer:${encodeURIComponent("p@ss:w/rd")}`) }).send(message())).toBe(true);
    expect(smtp.received[0]?.user).toBe("mailer");

    const log = recordingLog();
    expect(await mailerFor({ SMTP_URL: smtp.url("mailer:wrong") }, log).send(message())).toBe(false);
    // 535 is an answer, not an outage: asked once, not again.
    expect(log.entries.filter((e) => e.event === "mail_attempt_failed")).toHaveLength(1);
    expect(log.entries.at(-1)).toMatchObject({ event: "mail_not_sent", error: "EAUTH" });
  });

  it("retries after temporary refusals and then delivers, logging each failed attempt without the body", async () => {
    const smtp = await server({ refuseFirst: 2 });
    const log = recordingLog();
    expect(await mailerFor({ SMTP_URL: smtp.url() }, log, [50, 100]).send(message())).toBe(true);
    expect(smtp.dataCommands()).toBe(3);
    expect(smtp.received).toHaveLength(1);
    const failed = log.entries.filter((e) => e.event === "mail_attempt_failed");
    expect(failed.map((e) => e.attempt)).toEqual([1, 2]);
    expect(failed[0]).toMatchObject({ responseCode: 451, error: "EMESSAGE", to: "a***@example.com", subject: "Reset your password" });
    expect(log.entries.at(-1)).toMatchObject({ event: "mail_sent", attempt: 3 });
    const logged = JSON.stringify(log.entries);
    expect(logged).not.toContain("tok-123");
    expect(logged).not.toContain("alice@example.com");
    expect(logged).not.toContain("Someone asked");
  });

  it("gives up and resolves false, without throwing, when nothing listens", async () => {
    const port = await unusedPort();
    const log = recordingLog();
    const started = Date.now();
    const result = await mailerFor({ SMTP_URL: `smtp://127.0.0.1:${port}` }, log).trySend(message());
    expect(result).toMatchObject({ delivered: false, attempts: 3, error: "ESOCKET" });
    expect(result.delivered === false && result.reason).toMatch(/^ECONNREFUSED/);
    expect(Date.now() - started).toBeLessThan(10_000);
    const failed = log.entries.filter((e) => e.event === "mail_attempt_failed");
    expect(failed.map((e) => [e.attempt, e.errno])).toEqual([1, 2, 3].map((attempt) => [attempt, "ECONNREFUSED"]));
    expect(await mailerFor({ SMTP_URL: `smtp://127.0.0.1:${port}` }, recordingLog(), [10, 10]).send(message())).toBe(false);
  });

  it("sends nothing, and says so, when EMAIL_BACKEND=disabled", async () => {
    const log = recordingLog();
    expect(await mailerFor({ EMAIL_BACKEND: "disabled" }, log).send(message())).toBe(false);
    expect(log.entries).toEqual([expect.objectContaining({ event: "mail_disabled", to: "a***@example.com" })]);
  });
});

describe("console backend", () => {
  it("prints the message with its links and writes a parseable .eml to the outbox", async () => {
    const dir = mkdtempSync(join(tmpdir(), "seed-outbox-"));
    open.dirs.push(dir);
    const outbox = join(dir, "outbox");
    const printed: string[] = [];
    const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    try {
      expect(await mailerFor({ EMAIL_BACKEND: "console", MAIL_OUTBOX_DIR: outbox }).send(message())).toBe(true);
    } finally {
      write.mockRestore();
    }
    const block = printed.join("");
    expect(block).toContain("Subject: Reset your password");
    expect(block).toContain("https://seed.test/password-reset/tok-123?x=1&y=2");
    const files = readdirSync(outbox);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.eml$/);
    const parsed = await simpleParser(readFileSync(join(outbox, files[0]!)));
    expect(parsed.subject).toBe("Reset your password");
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value[0]?.address : null).toBe("alice@example.com");
    expect(parsed.text).toContain("https://seed.test/password-reset/tok-123?x=1&y=2");
    expect(parsed.html).toContain("Choose a new password");
  });
});
