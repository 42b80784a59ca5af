"use server";
import { redirect } from "next/navigation";
import { addMessage, getSession, SessionDataTooLargeError, SessionThrottledError } from "@/lib/auth";
import { throttled } from "@/app/ui/throttled";
import { validatedAction } from "@/app/ui/validated-action";
import { noteSchema } from "./session-note";

export const saveNoteAction = validatedAction(
  noteSchema,
  async ({ note }) => {
    const session = await getSession();
    try {
      if (note) await session.set("note", note);
      else await session.delete("note");
    } catch (error) {
      if (error instanceof SessionThrottledError) return throttled(error.retryAfter);
      if (error instanceof SessionDataTooLargeError) return { errors: { note: ["Your session has no room for a note that long."] } };
      throw error;
    }
    await addMessage("success", note ? "Your note is saved in your session." : "Your note is removed.");
    redirect("/");
  },
  { keep: ["note"] },
);
