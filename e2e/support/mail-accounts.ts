import { randomBytes } from "node:crypto";
import { expect, type APIRequestContext } from "@playwright/test";
import { randomCredentials, type Credentials } from "./fixtures";
import { links, mailbox, type ReceivedMail } from "./mailbox";

export type MailUser = Credentials & { email: string };

/** An address nobody else in the run has; the test SMTP server takes mail for any. */
export const newAddress = (label = "person") => `${label}-${randomBytes(5).toString("hex")}@mail.seed.test`;

/** The one link to this app in a message's text part. */
export function appLink(message: ReceivedMail, path: "/password-reset/" | "/verify-email/"): string {
  const found = links(message).filter((url) => new URL(url).pathname.startsWith(path));
  expect(found, `one ${path} link in:\n${message.text}`).toHaveLength(1);
  return found[0]!;
}

/** The token at the end of a mailed link. */
export const tokenOf = (link: string) => new URL(link).pathname.split("/").pop()!;

/** Signs up through the API with an address; with `confirm`, opens the verification link too. */
export async function signupWithEmail(request: APIRequestContext, { confirm = true } = {}): Promise<MailUser> {
  const user = { ...randomCredentials(), email: newAddress() };
  const response = await request.post("/api/signup", { data: user });
  expect(response.status(), await response.text()).toBe(201);
  const mail = await mailbox.waitFor(user.email, { subject: /Confirm your email address/ });
  if (confirm) {
    // The address is only pending until its link is opened (and confirmed).
    const verified = await request.post("/api/verify-email", { data: { token: tokenOf(appLink(mail, "/verify-email/")) } });
    expect(verified.status(), await verified.text()).toBe(200);
  }
  return user;
}
