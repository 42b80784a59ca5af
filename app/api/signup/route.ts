import { signup } from "@/lib/auth";
import { fieldErrors, signupSchema } from "@/lib/auth/validation";
import { crossOriginRefused, guarded, isCrossOrigin, json, readInput } from "@/lib/http/api";

export async function POST(request: Request) {
  if (isCrossOrigin(request)) return crossOriginRefused();
  return guarded(async () => {
    const input = await readInput(request);
    if (!input.ok) return input.response;
    const parsed = signupSchema.safeParse(input.data);
    if (!parsed.success) {
      return json({ error: "Invalid input", fields: fieldErrors(parsed.error) }, 400);
    }
    const result = await signup(parsed.data);
    if (!result.ok) {
      return json({ error: "Username already taken", fields: { username: ["That username is taken."] } }, 409);
    }
    return json({ message: "User created successfully" }, 201);
  });
}
