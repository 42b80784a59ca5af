import "server-only";
import { db } from "./db";

/** True when the database answers a trivial query. */
export async function databaseIsUp(): Promise<boolean> {
  try {
    // Touches a table, so a locked or missing database file fails it (a bare SELECT 1 would not).
    await db.$queryRawUnsafe(`SELECT 1 FROM "auth_user" LIMIT 1`);
    return true;
  } catch {
    return false;
  }
}
