import "server-only";
import { resolve } from "node:path";
import { mailSettingsFrom, type MailBackend, type MailSettings } from "./settings-rules.mjs";

export { mailSettingsFrom };
export type { MailBackend, MailSettings };

// Read once, when the module loads. A problem is kept rather than thrown, so that importing mail
// (lib/auth does) never breaks a command or a page: checkMailSettings() reports it at startup,
// and until then nothing is sent.
function readProcessSettings(): { settings: MailSettings; problem: Error | null } {
  try {
    return { settings: mailSettingsFrom(process.env), problem: null };
  } catch (error) {
    const fallback: MailSettings = {
      backend: "disabled",
      from: "Seed <no-reply@localhost>",
      appName: "Seed",
      origin: `http://localhost:${process.env.PORT ?? 3000}`,
      smtpUrl: null,
      outboxDir: resolve(".outbox"),
    };
    return { settings: fallback, problem: error as Error };
  }
}

const processSettings = readProcessSettings();

/** The whole settings of this process, the SMTP URL (with its password) among them: never log them. */
export function processMailSettings(): MailSettings {
  return processSettings.settings;
}

/** What the rest of the app may know: which backend, who mail comes from, the app's name and origin. */
export const mailSettings: { backend: MailBackend; from: string; appName: string; origin: string } = {
  backend: processSettings.settings.backend,
  from: processSettings.settings.from,
  appName: processSettings.settings.appName,
  origin: processSettings.settings.origin,
};

/** Throws an Error with a clear message when the settings cannot work (for startup). */
export function checkMailSettings(): void {
  if (processSettings.problem) throw processSettings.problem;
}

/** Absolute URL from APP_ORIGIN (never from a request's Host): appUrl("/password-reset/abc"). */
export function appUrl(path: string): string {
  return appUrlFor(processSettings.settings.origin, path);
}

export function appUrlFor(origin: string, path: string): string {
  // "//host/…" would be another origin, and a relative path depends on the page it is read from.
  if (!path.startsWith("/") || path.startsWith("//") || path.includes("\\")) {
    throw new Error(`appUrl takes a path starting with a single "/" (got "${path}")`);
  }
  return `${origin}${path}`;
}
