import "server-only";
import { redirect } from "next/navigation";
import { addMessage, loginPath } from "@/lib/auth";

/**
 * A change was refused because this browser's session ended while it was being made (another
 * device logged out everywhere, staff ended it, the password changed): to the login page.
 */
export async function sessionEnded(returnTo: string): Promise<never> {
  await addMessage("warning", "Your session ended before the change was made. Please log in again.");
  redirect(loginPath(returnTo));
}
