import "server-only";
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import type { Transporter } from "nodemailer";
import type { MailSettings } from "./settings";

export type Mail = { to: string; subject: string; text: string; html: string };

/** One backend's way of handing a message on; `deliver` rejects when it could not. */
export type Transport = {
  /** Resolves with a note for the log line (the message id, the outbox file). */
  deliver(mail: Mail, signal: AbortSignal): Promise<string>;
  close(): void;
};

// nodemailer (about 5 MB of heap) is loaded with the first message, not by every worker at start.
type Nodemailer = (typeof import("nodemailer"))["default"];
const loadNodemailer = async (): Promise<Nodemailer> => (await import("nodemailer")).default;

/** The transporter `make` builds, created on the first delivery; close() before that is a no-op. */
function onFirstUse(make: (nodemailer: Nodemailer) => Transporter) {
  let made: Promise<Transporter> | null = null;
  return {
    get: () => (made ??= loadNodemailer().then(make)),
    close: () => void made?.then((transporter) => transporter.close()),
  };
}

// A dead or stalled server must fail an attempt within seconds, not nodemailer's minutes.
const SMTP_TIMEOUTS = { connectionTimeout: 3_000, greetingTimeout: 3_000, socketTimeout: 5_000, dnsTimeout: 3_000 };

export function createTransport(settings: MailSettings): Transport {
  if (settings.backend === "smtp") return smtpTransport(settings);
  if (settings.backend === "console") return consoleTransport(settings);
  return {
    deliver: () => Promise.reject(Object.assign(new Error("EMAIL_BACKEND=disabled"), { code: "EDISABLED" })),
    close: () => {},
  };
}

function smtpTransport(settings: MailSettings): Transport {
  const transporter = onFirstUse((nodemailer) =>
    nodemailer.createTransport(
      {
        url: settings.smtpUrl ?? undefined,
        ...SMTP_TIMEOUTS,
        pool: true,
        maxConnections: 3,
        // sendMail retries itself, with waits it logs; the pool's silent requeues would hide them.
        maxRequeues: 0,
        idleTimeout: 30_000,
      },
      { from: settings.from },
    ),
  );
  return {
    async deliver(mail, signal) {
      const info = await (await transporter.get()).sendMail({ ...mail, signal });
      return info.messageId;
    },
    close: transporter.close,
  };
}

/**
 * Django's console backend: the message goes to stdout, readable, and its raw form (RFC 822,
 * with the HTML part) to an .eml file in the outbox, for a mail client or a test to open.
 */
function consoleTransport(settings: MailSettings): Transport {
  const transporter = onFirstUse((nodemailer) => nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" }, { from: settings.from }));
  return {
    async deliver(mail, signal) {
      const info = await (await transporter.get()).sendMail({ ...mail, signal });
      await mkdir(settings.outboxDir, { recursive: true, mode: 0o700 });
      const stamp = new Date().toISOString().replace(/[:.]/g, "-");
      const file = join(settings.outboxDir, `${stamp}-${randomBytes(4).toString("hex")}.eml`);
      await writeFile(file, info.message, { mode: 0o600 });
      const near = relative(process.cwd(), file);
      const shown = near && !near.startsWith("..") ? near : file;
      process.stdout.write(
        [
          `----- mail (EMAIL_BACKEND=console) -----`,
          `From: ${settings.from}`,
          `To: ${mail.to}`,
          `Subject: ${mail.subject}`,
          "",
          mail.text.trimEnd(),
          "",
          `----- end of mail; with its HTML part in ${shown} -----`,
          "",
        ].join("\n"),
      );
      return shown;
    },
    close: transporter.close,
  };
}
