import { signup } from "@/lib/auth";
import { signupSchema } from "@/lib/auth/validation";
import { json, validatedPost } from "@/lib/http/api";

export const POST = validatedPost(signupSchema, async (input) => {
  const result = await signup(input);
  if (!result.ok) {
    return json({ error: "Username already taken", fields: { username: ["That username is taken."] } }, 409);
  }
  return json({ message: "User created successfully" }, 201);
});
