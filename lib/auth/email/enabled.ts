import "server-only";
import { mailSettings } from "../../mail";

/** Whether this server mails links at all (EMAIL_BACKEND=disabled turns reset and verification off). */
export function mailLinksEnabled(): boolean {
  return mailSettings.backend !== "disabled";
}
