import "server-only";
import { appUrl, composeMail, mailSettings, type Mail } from "../../mail";
import Bowser from "bowser";
import type { RequestInfo } from "../request";

// What the app mails, in one place. Plain words; every link absolute from APP_ORIGIN (never the
// request's Host header, which an attacker sets: a reset link pointing at their server).

const when = (at: Date) => `${at.toUTCString().replace("GMT", "UTC")}`;

// Only names from these lists reach a mail: a User-Agent is the sender's own text, and a made-up
// "browser" would put their words (and links) into a genuine mail from the app.
const BROWSERS = [
  "Chrome",
  "Chromium",
  "Firefox",
  "Safari",
  "Microsoft Edge",
  "Opera",
  "Vivaldi",
  "Brave",
  "Samsung Internet for Android",
  "Yandex Browser",
  "Internet Explorer",
];
const SYSTEMS = ["Windows", "macOS", "iOS", "iPadOS", "Android", "Linux", "Chrome OS", "ChromeOS"];

/** "Chrome on Linux at 203.0.113.9", from known names only. */
export function describeClient(client: RequestInfo): string {
  const parsed = client.userAgent ? Bowser.parse(client.userAgent) : undefined;
  const [browser, system] = [parsed?.browser.name, parsed?.os.name];
  const known = (name: string | undefined, list: string[]) => (name && list.includes(name) ? name : undefined);
  const shown = [known(browser, BROWSERS), known(system, SYSTEMS)].filter(Boolean).join(" on ") || "an unknown browser";
  const address = client.ipAddress && /^[0-9a-fA-F.:]+$/.test(client.ipAddress) ? ` at ${client.ipAddress}` : "";
  return `${shown}${address}`;
}
const from = describeClient;
const ignore = "If this was not you, you can ignore this message.";

export function resetLinkMail(to: string, username: string, token: string): Mail {
  return composeMail({
    to,
    subject: `Reset your ${mailSettings.appName} password`,
    greeting: `Hello ${username},`,
    paragraphs: [`Someone asked to reset the password of your ${mailSettings.appName} account. To choose a new password, open this link within an hour:`],
    action: { label: "Choose a new password", url: appUrl(`/password-reset/${token}`) },
    footer: `The link works once. ${ignore} Your password stays as it is.`,
  });
}

export function passwordResetNotice(to: string, username: string, at: Date, client: RequestInfo): Mail {
  return composeMail({
    to,
    subject: `Your ${mailSettings.appName} password was changed`,
    greeting: `Hello ${username},`,
    paragraphs: [
      `The password of your account was reset through a link mailed to this address, on ${when(at)}, from ${from(client)}.`,
      "Every session was logged out. If this was not you, reset your password again at once and tell the site's operators.",
    ],
    action: { label: "Log in", url: appUrl("/login") },
  });
}

export function verifyAddressMail(to: string, username: string, token: string): Mail {
  return composeMail({
    to,
    subject: `Confirm your email address for ${mailSettings.appName}`,
    greeting: `Hello ${username},`,
    paragraphs: [`Please confirm that this address belongs to your ${mailSettings.appName} account. The link works for 24 hours:`],
    action: { label: "Confirm this address", url: appUrl(`/verify-email/${token}`) },
    footer: `Until it is confirmed, no password reset link is sent to it. ${ignore}`,
  });
}

export function changeAddressMail(to: string, username: string, token: string): Mail {
  return composeMail({
    to,
    subject: `Confirm your new email address for ${mailSettings.appName}`,
    greeting: `Hello ${username},`,
    paragraphs: [
      `You asked to use this address for your ${mailSettings.appName} account. It takes the place of the old one once you open this link (within 24 hours):`,
    ],
    action: { label: "Use this address", url: appUrl(`/verify-email/${token}`) },
    footer: ignore,
  });
}

export function addressChangeNotice(to: string, username: string, at: Date, client: RequestInfo): Mail {
  return composeMail({
    to,
    subject: `A change of your ${mailSettings.appName} email address was asked for`,
    greeting: `Hello ${username},`,
    paragraphs: [
      `On ${when(at)}, from ${from(client)}, your account asked to use a new email address. This address stays until the new one is confirmed from its own mailbox.`,
      "If this was not you, log in, cancel the change on your profile, and change your password.",
    ],
    action: { label: "Open your profile", url: appUrl("/profile") },
  });
}

export function addressRemovedNotice(to: string, username: string, at: Date, client: RequestInfo): Mail {
  return composeMail({
    to,
    subject: `Your ${mailSettings.appName} email address was changed`,
    greeting: `Hello ${username},`,
    paragraphs: [
      `On ${when(at)}, from ${from(client)}, this address was taken off your account. Reset links no longer come here.`,
      "If this was not you, log in and change your password at once.",
    ],
    action: { label: "Open your profile", url: appUrl("/profile") },
  });
}

/** To the owner of an address someone else tried to sign up with, or to move to their account. */
export function addressInUseNotice(to: string, at: Date, client: RequestInfo, attempt: "signup" | "change"): Mail {
  return composeMail({
    to,
    subject: `Someone tried to use your address on ${mailSettings.appName}`,
    paragraphs: [
      attempt === "signup"
        ? `On ${when(at)}, from ${from(client)}, someone tried to sign up for ${mailSettings.appName} with this address. It already belongs to your account, so nothing was changed.`
        : `On ${when(at)}, from ${from(client)}, another account asked to use this address. It already belongs to your account, so nothing was changed.`,
      "If it was you and you have forgotten your password, you can reset it:",
    ],
    action: { label: "Reset your password", url: appUrl("/password-reset") },
    footer: ignore,
  });
}

/** To the account's confirmed address when a passkey is added to it or removed from it. */
export function passkeyNotice(to: string, username: string, change: "added" | "removed", name: string, at: Date, client: RequestInfo): Mail {
  return composeMail({
    to,
    subject: `A passkey was ${change} ${change === "added" ? "to" : "from"} your ${mailSettings.appName} account`,
    greeting: `Hello ${username},`,
    paragraphs: [
      `On ${when(at)}, from ${from(client)}, the passkey "${name}" was ${change} ${change === "added" ? "to" : "from"} your account.`,
      "If this was not you, log in, remove any passkey you do not know, and change your password at once.",
    ],
    action: { label: "Review your passkeys", url: appUrl("/profile/passkeys") },
  });
}
