// The mail layer: settings from the environment, one transport per process, sending with
// retries, and the text-and-HTML messages. lib/auth calls it; pages never do.
import "server-only";

export type { Mail } from "./transport";
export { sendMail } from "./send";
export { appUrl, mailSettings, checkMailSettings } from "./settings";
export { composeMail, type MailContent } from "./templates";
