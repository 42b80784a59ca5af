import { logout } from "@/lib/auth";
import { json, post } from "@/lib/http/api";

export const POST = post(async () => {
  await logout();
  return json({ message: "Logged out" });
});
