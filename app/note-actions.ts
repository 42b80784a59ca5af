"use server";
import { redirect } from "next/navigation";
import { addMessage, fieldErrors, getSession, isTemporarilyUnavailable, SessionDataTooLargeError, SessionThrottledError } from "@/lib/auth";
import { textField, type FormState } from "@/app/ui/form-state";
import { throttled } from "@/app/ui/throttled";
import { UNAVAILABLE_MESSAGE } from "@/app/ui/unavailable";
import { noteSchema } from "./session-note";

export async function saveNoteAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = { note: textField(formData, "note") };
  const parsed = noteSchema.safeParse({ note: formData.get("note") });
  if (!parsed.success) return { errors: fieldErrors(parsed.error), values };
  const { note } = parsed.data;
  try {
    const session = await getSession();
    if (note) await session.set("note", note);
    else await session.delete("note");
  } catch (error) {
    if (error instanceof SessionThrottledError) return { ...throttled(error.retryAfter), values };
    if (error instanceof SessionDataTooLargeError) return { errors: { note: ["Your session has no room for a note that long."] }, values };
    if (isTemporarilyUnavailable(error)) return { message: UNAVAILABLE_MESSAGE, values };
    throw error;
  }
  await addMessage("success", note ? "Your note is saved in your session." : "Your note is removed.");
  redirect("/");
}
