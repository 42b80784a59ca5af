// `npm run sendtestemail -- you@example.com [more…]`: Django's sendtestemail. Sends one short
// message to the addresses given, through the backend the settings choose (SMTP_URL, or the
// console backend outside production), so an operator sees that mail gets out.
// Exit status: 0 sent, 1 not sent (the reason on stderr), 2 bad arguments.
import { root } from "./lib/command-env";
import { hostname } from "node:os";
import { z } from "zod";
import { createMailer } from "../lib/mail/send";
import { mailSettingsFrom, type MailSettings } from "../lib/mail/settings";
import { composeMail } from "../lib/mail/templates";

const USAGE = "usage: npm run sendtestemail -- ADDRESS [ADDRESS…]";

function fail(message: string, status: number): never {
  console.error(`Error: ${message}`);
  if (status === 2) console.error(USAGE);
  process.exit(status);
}

const args = process.argv.slice(2);
if (args.includes("-h") || args.includes("--help")) {
  console.log(USAGE);
  process.exit(0);
}
if (args.length === 0) fail("give at least one address to send to", 2);
const bad = args.filter((arg) => !z.email().safeParse(arg).success);
if (bad.length > 0) fail(`not an email address: ${bad.join(", ")}`, 2);

let settings: MailSettings;
try {
  settings = mailSettingsFrom(process.env);
} catch (error) {
  fail((error as Error).message, 1);
}
if (settings.backend === "disabled") fail("EMAIL_BACKEND=disabled: this server sends no mail", 1);

const mailer = createMailer(settings);
const result = await mailer.trySend(
  composeMail(
    {
      to: args.join(", "),
      subject: `Test email from ${settings.appName} on ${hostname()}`,
      paragraphs: [`If you are reading this, ${settings.appName} can send mail (EMAIL_BACKEND=${settings.backend}).`],
      footer: `Sent by npm run sendtestemail in ${root}.`,
    },
    settings.appName,
  ),
);
mailer.close();
if (!result.delivered) fail(`the message was not sent after ${result.attempts} attempts: ${result.reason}`, 1);
console.error(`Sent to ${args.join(", ")} (EMAIL_BACKEND=${settings.backend}).`);
process.exit(0);
