"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { endUserSessions, findUserById, requireStaff, setUserActive, type PublicUser } from "@/lib/auth";
import { isDatabaseUnavailable } from "@/lib/auth/errors";
import { UNAVAILABLE_MESSAGE } from "@/app/ui/unavailable";

export type UserActionState = { ok?: boolean; message?: string };

const userActionSchema = z.object({
  userId: z.coerce.number().int().positive(),
  intent: z.enum(["deactivate", "reactivate", "end_sessions"]),
});

/** Deactivate, reactivate, or end the sessions of one user; staff only, checked here again. */
export async function userAction(_previous: UserActionState, formData: FormData): Promise<UserActionState> {
  // Never trust the page that showed the button: the POST is checked on its own.
  const staff = await requireStaff("/admin/users");
  const parsed = userActionSchema.safeParse({ userId: formData.get("userId"), intent: formData.get("intent") });
  if (!parsed.success) return { ok: false, message: "That request was not understood." };
  const { userId, intent } = parsed.data;
  if (intent === "deactivate" && userId === staff.id) {
    return { ok: false, message: "You cannot deactivate your own account." };
  }

  let message: string;
  try {
    const target = await findUserById(userId);
    if (!target) return { ok: false, message: "That user no longer exists." };
    message = await perform(intent, target, staff);
  } catch (error) {
    if (isDatabaseUnavailable(error)) return { ok: false, message: UNAVAILABLE_MESSAGE };
    throw error;
  }
  revalidatePath("/admin/users");
  return { ok: true, message };
}

async function perform(intent: z.infer<typeof userActionSchema>["intent"], target: PublicUser, staff: PublicUser): Promise<string> {
  switch (intent) {
    case "deactivate":
      // setUserActive also deletes the user's sessions: logged out everywhere at once.
      await setUserActive(target.id, false, staff);
      return `${target.username} is deactivated and logged out everywhere.`;
    case "reactivate":
      await setUserActive(target.id, true, staff);
      return `${target.username} is active again.`;
    case "end_sessions": {
      const count = await endUserSessions(target.id, staff);
      return `Ended ${count} ${count === 1 ? "session" : "sessions"} of ${target.username}.`;
    }
  }
}
