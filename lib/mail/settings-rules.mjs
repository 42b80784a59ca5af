// The mail settings, read from an environment object. Plain JS, so that scripts/start.mjs can
// refuse a production start that could not send mail before it migrates and builds.
import { resolve } from "node:path";
import { z } from "zod";

/**
 * @typedef {"smtp" | "console" | "disabled"} MailBackend
 * @typedef {{
 *   backend: MailBackend;
 *   from: string;
 *   appName: string;
 *   origin: string;
 *   smtpUrl: string | null;
 *   outboxDir: string;
 * }} MailSettings
 */

export const MAIL_BACKENDS = /** @type {const} */ (["smtp", "console", "disabled"]);

export const NO_SMTP_URL =
  "SMTP_URL is not set: set it (and EMAIL_FROM), or EMAIL_BACKEND=disabled to run without mail (password reset and email verification off)";

const blank = (value) => (value === "" ? undefined : value);
const optional = (schema) => z.preprocess(blank, schema.optional());

function isSmtpUrl(value) {
  try {
    const url = new URL(value);
    return (url.protocol === "smtp:" || url.protocol === "smtps:") && url.hostname !== "";
  } catch {
    return false;
  }
}

/** `addr@host` or `Name <addr@host>`, on one line (a line break would start a new header). */
function isSender(value) {
  if (/[\r\n]/.test(value)) return false;
  const address = /<([^<>]+)>\s*$/.exec(value)?.[1] ?? value;
  return /^[^\s@<>",;]+@[^\s@<>",;]+$/.test(address.trim());
}

function isOrigin(value) {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.origin === value.replace(/\/$/, "");
  } catch {
    return false;
  }
}

const envSchema = z.object({
  NODE_ENV: optional(z.string()),
  EMAIL_BACKEND: optional(z.enum(MAIL_BACKENDS, { error: "EMAIL_BACKEND must be smtp, console or disabled" })),
  SMTP_URL: optional(
    z.string().refine(isSmtpUrl, "SMTP_URL must be smtp://user:pass@host:port or smtps://user:pass@host:port (user and password percent-encoded)"),
  ),
  EMAIL_FROM: optional(z.string().refine(isSender, 'EMAIL_FROM must be an address, or a name and an address: "Seed <no-reply@example.com>"')),
  APP_NAME: optional(
    z
      .string()
      .max(100, "APP_NAME must be at most 100 characters")
      .refine((v) => !/[\r\n<>]/.test(v), "APP_NAME must be one line without < or >"),
  ),
  APP_ORIGIN: optional(z.string().refine(isOrigin, "APP_ORIGIN must be an origin such as https://example.com (scheme, host and port only, no path)")),
  PORT: optional(z.string()),
  MAIL_OUTBOX_DIR: optional(z.string()),
});

function defaultSender(appName) {
  const name = /^[\w .-]+$/.test(appName) ? appName : `"${appName.replace(/["\\]/g, "")}"`;
  return `${name} <no-reply@localhost>`;
}

/**
 * The settings `env` describes; throws an Error saying what to change when they cannot work.
 * @param {Record<string, string | undefined>} env
 * @returns {MailSettings}
 */
export function mailSettingsFrom(env) {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? "the mail settings do not parse");
  const { NODE_ENV, EMAIL_BACKEND, SMTP_URL, EMAIL_FROM, APP_NAME, APP_ORIGIN, PORT, MAIL_OUTBOX_DIR } = parsed.data;
  const production = NODE_ENV === "production";

  const backend = EMAIL_BACKEND ?? (SMTP_URL || production ? "smtp" : "console");
  if (backend === "smtp" && !SMTP_URL) throw new Error(NO_SMTP_URL);
  if (production && backend !== "disabled") {
    if (!APP_ORIGIN) {
      throw new Error("APP_ORIGIN is not set: links in mail need the public origin, e.g. APP_ORIGIN=https://example.com (or EMAIL_BACKEND=disabled)");
    }
    if (backend === "smtp" && !EMAIL_FROM) {
      throw new Error('EMAIL_FROM is not set: the sender of the app\'s mail, e.g. EMAIL_FROM="Seed <no-reply@example.com>"');
    }
  }
  const appName = APP_NAME?.trim() || "Seed";
  return {
    backend,
    from: EMAIL_FROM ?? defaultSender(appName),
    appName,
    origin: APP_ORIGIN ? new URL(APP_ORIGIN).origin : `http://localhost:${PORT ?? 3000}`,
    smtpUrl: backend === "smtp" ? (SMTP_URL ?? null) : null,
    outboxDir: resolve(MAIL_OUTBOX_DIR ?? ".outbox"),
  };
}

/** Why the settings in `env` cannot work, or null when they can. */
export function mailSettingsProblem(env) {
  try {
    mailSettingsFrom(env);
    return null;
  } catch (error) {
    return /** @type {Error} */ (error).message;
  }
}
