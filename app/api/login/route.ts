import { attemptLogin, login, loginSchema } from "@/lib/auth";
import { json, throttledResponse, validatedPost } from "@/lib/http/api";

export const POST = validatedPost(loginSchema, async ({ username, password, remember, code }) => {
  const attempt = await attemptLogin(username, password, code);
  if (!attempt.ok && attempt.reason === "second_factor") {
    return json({ error: "Authentication code required", secondFactor: true }, 401);
  }
  if (!attempt.ok) {
    // Unknown user and wrong password: the same bytes, after the same hashing work.
    return attempt.reason === "throttled" ? throttledResponse(attempt.retryAfter) : json({ error: "Invalid credentials" }, 401);
  }
  await login(attempt.user, { remember, level: attempt.level });
  return json({ message: "Login successful" });
});
