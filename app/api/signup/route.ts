import { signup, signupSchema } from "@/lib/auth";
import { json, throttledResponse, validatedPost } from "@/lib/http/api";

export const POST = validatedPost(signupSchema, async (input) => {
  const result = await signup(input);
  if (result.ok) return json({ message: "User created successfully" }, 201);
  if (result.reason === "throttled") return throttledResponse(result.retryAfter);
  return json({ error: "Username already taken", fields: { username: ["That username is taken."] } }, 409);
});
