import "server-only";
import { log } from "../log";
import { processMailSettings, type MailSettings } from "./settings";
import { createTransport, type Mail, type Transport } from "./transport";

/** Where the outcome of each attempt is written: lib/log.ts by default. */
export type MailLog = { info(entry: object): void; warn(entry: object): void; error(entry: object): void };

export type SendResult = { delivered: true; attempts: number } | { delivered: false; attempts: number; error: string; reason: string };

export type Mailer = {
  backend: MailSettings["backend"];
  /** Resolves true when the backend took the message; never rejects. */
  send(mail: Mail): Promise<boolean>;
  /** The same, saying why it failed (for sendtestemail). */
  trySend(mail: Mail): Promise<SendResult>;
  close(): void;
};

export type MailerOptions = { log?: MailLog; retryDelays?: number[] };

// Three attempts, 0.25 s and 1 s apart; each attempt is bounded by ATTEMPT_TIMEOUT_MS, and none
// starts once RETRY_BUDGET_MS have passed, so a caller waits seconds at worst, never minutes.
const RETRY_DELAYS_MS = [250, 1_000];
const ATTEMPT_TIMEOUT_MS = 5_000;
const RETRY_BUDGET_MS = 8_000;

export function createMailer(settings: MailSettings, options: MailerOptions = {}): Mailer {
  const transport: Transport = createTransport(settings);
  const out = options.log ?? log;
  const delays = options.retryDelays ?? RETRY_DELAYS_MS;

  async function trySend(mail: Mail): Promise<SendResult> {
    const about = { to: maskRecipients(mail.to), subject: mail.subject, backend: settings.backend };
    if (settings.backend === "disabled") {
      out.warn({ event: "mail_disabled", ...about });
      return { delivered: false, attempts: 0, error: "EDISABLED", reason: "EMAIL_BACKEND=disabled: no mail is sent" };
    }
    const started = Date.now();
    const attempts = delays.length + 1;
    for (let attempt = 1; ; attempt++) {
      try {
        const note = await transport.deliver(mail, AbortSignal.timeout(ATTEMPT_TIMEOUT_MS));
        out.info({ event: "mail_sent", ...about, attempt, note });
        return { delivered: true, attempts: attempt };
      } catch (error) {
        const failure = describe(error);
        const delay = delays[attempt - 1];
        const last = delay === undefined || failure.permanent || Date.now() - started + delay > RETRY_BUDGET_MS;
        const { code, errno, responseCode } = failure;
        out.warn({ event: "mail_attempt_failed", ...about, attempt, attempts, error: code, errno, responseCode });
        if (last) {
          out.error({ event: "mail_not_sent", ...about, attempt, error: code, errno });
          return { delivered: false, attempts: attempt, error: failure.code, reason: failure.reason };
        }
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  return {
    backend: settings.backend,
    trySend: (mail) => trySend(mail).catch(() => ({ delivered: false, attempts: 0, error: "EUNKNOWN", reason: "unexpected failure" })),
    send: (mail) =>
      trySend(mail).then(
        (result) => result.delivered,
        () => false,
      ),
    close: () => transport.close(),
  };
}

type Failure = { code: string; errno?: string; responseCode?: number; permanent: boolean; reason: string };

/** A 5xx answer (no such mailbox, authentication refused) will not change by asking again. */
function describe(error: unknown): Failure {
  const e = (error ?? {}) as { code?: unknown; originalCode?: unknown; responseCode?: unknown; permanent?: unknown; name?: unknown; message?: unknown };
  const code = typeof e.code === "string" ? e.code : typeof e.name === "string" ? e.name : "Error";
  // nodemailer's own code (ESOCKET) replaces the system error's (ECONNREFUSED), kept here.
  const errno = typeof e.originalCode === "string" ? e.originalCode : undefined;
  const responseCode = typeof e.responseCode === "number" ? e.responseCode : undefined;
  const permanent =
    code === "EDISABLED" || code === "ECONFIG" || (typeof e.permanent === "boolean" ? e.permanent : responseCode !== undefined && responseCode >= 500);
  const reason = `${errno ?? code}${typeof e.message === "string" ? `: ${e.message}` : ""}`;
  return { code, errno, responseCode, permanent, reason };
}

/** "alice@example.com, Bob <bob@example.org>" → "a***@example.com, b***@example.org". */
export function maskRecipients(to: string): string {
  return to
    .split(",")
    .map((entry) => {
      const address = (/<([^<>]*)>/.exec(entry)?.[1] ?? entry).trim();
      const at = address.lastIndexOf("@");
      if (at < 1) return "***";
      return `${address[0]}***${address.slice(at)}`;
    })
    .join(", ");
}

// One mailer (and SMTP pool) per process, kept across development reloads.
const globalForMail = globalThis as unknown as { seedMailer?: Mailer };

/** Sends with a few retries; never throws; resolves true when delivered to the backend, false after the last failure. */
export function sendMail(mail: Mail): Promise<boolean> {
  globalForMail.seedMailer ??= createMailer(processMailSettings());
  return globalForMail.seedMailer.send(mail);
}
