#!/usr/bin/env node
// The browser tests' mail server: accepts every message on 127.0.0.1:$E2E_SMTP_PORT, with or
// without a login, and writes each as JSON ({to, from, subject, text, html, date}) into
// $E2E_MAIL_DIR, emptied at start. e2e/support/mailbox.ts reads them.
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

const port = Number(process.env.E2E_SMTP_PORT);
const dir = process.env.E2E_MAIL_DIR;
if (!port || !dir) {
  console.error("smtp-sink: set E2E_SMTP_PORT and E2E_MAIL_DIR");
  process.exit(2);
}
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

const addresses = (field) => (field ? (Array.isArray(field) ? field : [field]).flatMap((group) => group.value.map((a) => a.address)) : []);
let count = 0;

const server = new SMTPServer({
  disabledCommands: ["STARTTLS"], // no certificate: offering it would make clients try
  authOptional: true,
  allowInsecureAuth: true,
  logger: false,
  onAuth: (auth, _session, callback) => callback(null, { user: auth.username }),
  onData(stream, session, callback) {
    simpleParser(stream)
      .then((mail) => {
        const message = {
          to: addresses(mail.to).length ? addresses(mail.to) : session.envelope.rcptTo.map((r) => r.address),
          from: mail.from?.text ?? "",
          subject: mail.subject ?? "",
          text: mail.text ?? "",
          html: typeof mail.html === "string" ? mail.html : "",
          date: (mail.date ?? new Date()).toISOString(),
        };
        const name = `${Date.now()}-${process.pid}-${String(++count).padStart(5, "0")}.json`;
        // Written under a temporary name first, so a reader never sees half a file.
        mkdirSync(dir, { recursive: true }); // in case the test runner emptied its output folder
        writeFileSync(join(dir, `.${name}`), JSON.stringify(message, null, 2));
        renameSync(join(dir, `.${name}`), join(dir, name));
        callback();
      })
      .catch(callback);
  },
});
server.on("error", (error) => console.error(`smtp-sink: ${error.message}`));
server.listen(port, "127.0.0.1", () => console.log(`smtp-sink: listening on 127.0.0.1:${port}, writing to ${dir}`));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
