"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { addMessage, currentPasswordField, endMySessions, fieldErrors, logout, requireUser } from "@/lib/auth";
import { throttled } from "@/app/ui/throttled";
import { sessionEnded } from "@/app/ui/session-ended";

export async function logoutAction(): Promise<void> {
  await logout();
  await addMessage("info", "You have been logged out.");
  redirect("/login");
}

export type SessionsFormState = { errors?: Record<string, string[] | undefined>; message?: string; notice?: string };

const endSessionsSchema = z.object({
  password: currentPasswordField,
  id: z.union([z.literal("others"), z.string().regex(/^[0-9a-f]{16}$/)], { error: "Choose a session." }),
});

export async function endSessionsAction(_previous: SessionsFormState, formData: FormData): Promise<SessionsFormState> {
  await requireUser("/profile/sessions");
  const parsed = endSessionsSchema.safeParse({ password: formData.get("password"), id: formData.get("id") });
  if (!parsed.success) return { errors: fieldErrors(parsed.error) };
  const result = await endMySessions(parsed.data.password, parsed.data.id);
  if (result.ok) {
    revalidatePath("/profile/sessions"); // the list on the page changed
    return { notice: result.ended === 1 ? "1 session was logged out." : `${result.ended} sessions were logged out.` };
  }
  if (result.reason === "throttled") return { ...throttled(result.retryAfter) };
  if (result.reason === "session_ended") return sessionEnded("/profile/sessions");
  return { errors: { password: ["That is not your password."] } };
}
