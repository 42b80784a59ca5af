"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { addMessage, endMySessions, logout } from "@/lib/auth";
import { refusal } from "@/app/ui/messages";
import { validatedUserAction } from "@/app/ui/validated-action";

export async function logoutAction(): Promise<void> {
  await logout();
  await addMessage("info", "You have been logged out.");
  redirect("/login");
}

const endSessionsSchema = z.object({
  id: z.union([z.literal("others"), z.string().regex(/^[0-9a-f]{16}$/)], { error: "Choose a session." }),
});

export const endSessionsAction = validatedUserAction("/profile/sessions", endSessionsSchema, async ({ id }) => {
  const result = await endMySessions(id);
  if (!result.ok) return refusal(result, "/profile/sessions");
  revalidatePath("/profile/sessions"); // the list on the page changed
  return { notice: result.ended === 1 ? "1 session was logged out." : `${result.ended} sessions were logged out.` };
});
