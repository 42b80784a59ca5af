import "server-only";
import { after } from "next/server";
import { log } from "../../log";
import { sendMail, type Mail } from "../../mail";
import { mayMailAddress } from "../throttle/limits";

// Work done after the answer is sent: finding the account an address belongs to and mailing it.
// The answer then takes the same time, and says the same, whether or not there is an account.

/** Runs `task` once the response is out (Next's after()); outside a request, right away. */
export function afterResponse(task: () => Promise<unknown>): void {
  const run = async () => {
    try {
      await task();
    } catch (error) {
      log.error({ event: "background_task_failed", error: error instanceof Error ? error.name : typeof error });
    }
  };
  try {
    after(run);
  } catch {
    void run(); // no request scope (scripts, tests)
  }
}

/**
 * Mails after the response: `mail` builds the message then, or gives null for none. With
 * `countAgainst` (mail someone may ask for to any address), only if that address's counter
 * allows (lib/auth/throttle/limits.ts mayMailAddress); notices to an account's own address about
 * its own account are not counted. sendMail logs and retries failures itself.
 */
export function mailAfterResponse(mail: () => Promise<Mail | null> | Mail | null, countAgainst?: string): void {
  afterResponse(async () => {
    if (countAgainst !== undefined && !(await mayMailAddress(countAgainst))) {
      log.info({ event: "mail_dropped", reason: "too many mails to the address lately" });
      return;
    }
    const message = await mail();
    if (message) await sendMail(message);
  });
}
