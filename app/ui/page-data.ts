import "server-only";
import { redirect } from "next/navigation";
import { isTemporarilyUnavailable } from "@/lib/auth";

/**
 * A page's reads after its access check (getPageUser/requireUser handle their own): when the
 * database stops answering in between, the visitor gets the 503 page, never a 500.
 */
export async function pageData<T>(load: Promise<T>): Promise<T> {
  try {
    return await load;
  } catch (error) {
    if (isTemporarilyUnavailable(error)) redirect("/unavailable");
    throw error;
  }
}
