import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

// What the SMTP sink (e2e/support/smtp-sink.mjs) received, for tests: the app server of
// playwright.config.ts sends there, and so do the instances of e2e/support/app-instance.ts.

export type ReceivedMail = { to: string[]; from: string; subject: string; text: string; html: string; date: string };

/** `nth`: wait for that many matching messages and return the nth (1 = the first); by default the newest. */
export type WaitOptions = { subject?: RegExp; timeout?: number; nth?: number };

function mailDir(): string {
  const dir = process.env.E2E_MAIL_DIR;
  if (!dir) throw new Error("E2E_MAIL_DIR is not set (playwright.config.ts sets it)");
  return dir;
}

/** Every message to `to` (compared without case), oldest first. */
export function messagesTo(to: string): ReceivedMail[] {
  const wanted = to.toLowerCase();
  const dir = mailDir();
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => name.endsWith(".json") && !name.startsWith("."))
    .sort()
    .map((name) => JSON.parse(readFileSync(join(dir, name), "utf8")) as ReceivedMail)
    .filter((mail) => mail.to.some((address) => address.toLowerCase() === wanted));
}

/** The newest message to `to` (matching `subject`), waiting for it up to `timeout` ms (10 s). */
export async function waitFor(to: string, { subject, timeout = 10_000, nth }: WaitOptions = {}): Promise<ReceivedMail> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const found = messagesTo(to).filter((mail) => !subject || subject.test(mail.subject));
    if (nth === undefined ? found.length > 0 : found.length >= nth) return nth === undefined ? found.at(-1)! : found[nth - 1]!;
    if (Date.now() > deadline) {
      throw new Error(`no ${nth ? `${nth} mails` : "mail"} to ${to}${subject ? ` with a subject matching ${subject}` : ""} within ${timeout} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The absolute http(s) URLs in the text part, in order. */
export function links(mail: ReceivedMail): string[] {
  return mail.text.match(/https?:\/\/[^\s<>"]+/g) ?? [];
}

export const mailbox = { waitFor, messagesTo, links };
