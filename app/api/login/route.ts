import { authenticate, login } from "@/lib/auth";
import { fieldErrors, loginSchema } from "@/lib/auth/validation";
import { crossOriginRefused, guarded, isCrossOrigin, json, readInput } from "@/lib/http/api";

export async function POST(request: Request) {
  if (isCrossOrigin(request)) return crossOriginRefused();
  return guarded(async () => {
    const input = await readInput(request);
    if (!input.ok) return input.response;
    const parsed = loginSchema.safeParse(input.data);
    if (!parsed.success) {
      return json({ error: "Invalid input", fields: fieldErrors(parsed.error) }, 400);
    }
    const { username, password, remember } = parsed.data;
    const user = await authenticate(username, password);
    if (!user) return json({ error: "Invalid credentials" }, 401);
    await login(user, { remember });
    return json({ message: "Login successful" });
  });
}
