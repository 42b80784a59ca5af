import "server-only";
import type { PublicUser } from "../account/users";
import { mailAfterResponse } from "../email/background";
import { mailLinksEnabled } from "../email/enabled";
import { passkeyNotice } from "../email/messages";
import { requestInfo } from "../request";

/** Tells the account's confirmed address, after the response, that a passkey came or went. */
export async function notifyPasskeyChange(user: PublicUser, change: "added" | "removed", name: string): Promise<void> {
  const to = user.email;
  if (!to || !user.emailVerifiedAt || !mailLinksEnabled()) return;
  const client = await requestInfo();
  const at = new Date();
  mailAfterResponse(() => passkeyNotice(to, user.username, change, name, at, client));
}
