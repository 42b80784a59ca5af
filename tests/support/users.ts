import { randomBytes } from "node:crypto";
import { createUser } from "@/lib/auth/account/users";
import type { PublicUser } from "@/lib/auth";

export function randomUsername(): string {
  return `user_${randomBytes(6).toString("hex")}`;
}

export async function createTestUser(password = "a-good-long-password"): Promise<{ user: PublicUser; password: string }> {
  const result = await createUser(randomUsername(), password);
  if (!result.ok) throw new Error("could not create a test user");
  return { user: result.user, password };
}
