import { LINK_INVALID, verifyEmailLink, verifyEmailSchema } from "@/lib/auth";
import { json, throttledResponse, validatedPost } from "@/lib/http/api";

export const POST = validatedPost(verifyEmailSchema, async ({ token }) => {
  const result = await verifyEmailLink(token);
  if (result.ok) return json({ message: result.changed ? "Email address changed and confirmed" : "Email address confirmed", email: result.email });
  switch (result.reason) {
    case "throttled":
      return throttledResponse(result.retryAfter);
    case "email_taken":
      return json({ error: "Another account uses this address now; it was not applied." }, 400);
    case "invalid_link":
      return json({ error: LINK_INVALID }, 400);
  }
});
