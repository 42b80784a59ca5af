import "server-only";
import { mailSettings } from "./settings";
import type { Mail } from "./transport";

export type MailContent = {
  to: string;
  subject: string;
  /** The first line, e.g. "Hello alice,"; none when left out. */
  greeting?: string;
  paragraphs: string[];
  /** One button in the HTML part; its URL on a line of its own in the text part. */
  action?: { label: string; url: string };
  /** Small print under the rest, e.g. why the message was sent. */
  footer?: string;
};

/**
 * A message with a plain-text part and an HTML part saying the same, every value HTML-escaped.
 * Signed with APP_NAME ("Seed" by default) unless `appName` is given.
 */
export function composeMail(content: MailContent, appName: string = mailSettings.appName): Mail {
  const { to, subject, greeting, paragraphs, action, footer } = content;
  if (action && !/^https?:\/\//.test(action.url)) throw new Error("composeMail: the action's url must be absolute (appUrl)");
  return { to, subject, text: textPart(content, appName), html: htmlPart({ subject, greeting, paragraphs, action, footer }, appName) };
}

function textPart({ greeting, paragraphs, action, footer }: MailContent, appName: string): string {
  const blocks: string[] = [];
  if (greeting) blocks.push(greeting);
  blocks.push(...paragraphs);
  // The URL alone on its line, unwrapped, so that mail clients make all of it a link.
  if (action) blocks.push(`${action.label}:\n${action.url}`);
  if (footer) blocks.push(footer);
  blocks.push(`— ${appName}`);
  return `${blocks.join("\n\n")}\n`;
}

const FONT = "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

function htmlPart({ subject, greeting, paragraphs, action, footer }: Omit<MailContent, "to">, appName: string): string {
  const p = (text: string, style = "") => `<p style="margin:0 0 16px;${style}">${escapeHtml(text)}</p>`;
  const body: string[] = [];
  if (greeting) body.push(p(greeting));
  body.push(...paragraphs.map((text) => p(text)));
  if (action) {
    const url = escapeHtml(action.url);
    body.push(
      `<p style="margin:24px 0"><a href="${url}" style="background:#1d4ed8;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block;font-weight:600">${escapeHtml(action.label)}</a></p>`,
      p("If the button does not work, copy this address into your browser:", "font-size:14px;color:#4b5563"),
      `<p style="margin:0 0 16px;font-size:14px;word-break:break-all"><a href="${url}" style="color:#1d4ed8">${url}</a></p>`,
    );
  }
  if (footer) body.push(p(footer, "font-size:13px;color:#6b7280"));
  body.push(p(`— ${appName}`, "color:#4b5563"));
  return [
    "<!doctype html>",
    '<html lang="en">',
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>`,
    `<body style="margin:0;padding:24px;background:#f3f4f6;color:#111827;${FONT};font-size:16px;line-height:1.5">`,
    '<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:32px">',
    ...body,
    "</div>",
    "</body>",
    "</html>",
  ].join("\n");
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
