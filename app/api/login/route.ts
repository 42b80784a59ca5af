import { authenticate, login } from "@/lib/auth";
import { loginSchema } from "@/lib/auth/validation";
import { json, validatedPost } from "@/lib/http/api";

export const POST = validatedPost(loginSchema, async ({ username, password, remember }) => {
  const user = await authenticate(username, password);
  if (!user) return json({ error: "Invalid credentials" }, 401);
  await login(user, { remember });
  return json({ message: "Login successful" });
});
