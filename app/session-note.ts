import { z } from "zod";

// The demo of session data on the home page and /api/session: a short note any visitor can keep
// in their session. Written while anonymous, it survives the login (the key changes, the data
// stays) and goes at logout.

declare module "@/lib/auth/session/data" {
  interface SessionData {
    note: string;
  }
}

export const NOTE_MAX_LENGTH = 200;

// Printable text only: no control characters (C0, DEL, C1) and no lone surrogates.
const PRINTABLE = /^[^\p{Cc}\p{Cs}]*$/u;

/** An empty note deletes it. */
export const noteSchema = z.object({
  note: z
    .string({ error: "Write the note as text." })
    .trim()
    .max(NOTE_MAX_LENGTH, { error: `At most ${NOTE_MAX_LENGTH} characters.` })
    .regex(PRINTABLE, { error: "Use printable characters only." }),
});
