import { getSession, SessionDataTooLargeError, SessionThrottledError, type SessionStore } from "@/lib/auth";
import { guarded, json, throttledResponse, validatedPost } from "@/lib/http/api";
import { noteSchema } from "@/app/session-note";

// The session data demo as JSON: what this visitor's session holds, and the note in it.

function describe(session: SessionStore) {
  return { exists: session.exists, authenticated: session.authenticated, note: session.get("note") ?? null };
}

export async function GET() {
  return guarded(async () => json({ session: describe(await getSession()) }));
}

export const POST = validatedPost(noteSchema, async ({ note }) => {
  const session = await getSession();
  try {
    if (note) await session.set("note", note);
    else await session.delete("note");
  } catch (error) {
    if (error instanceof SessionThrottledError) return throttledResponse(error.retryAfter);
    if (error instanceof SessionDataTooLargeError) return json({ error: "Session data too large" }, 413);
    throw error;
  }
  return json({ session: describe(session) });
});
