"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { isTemporarilyUnavailable, type ManageIntent, manageUser, requireStaff } from "@/lib/auth";
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

  let result;
  try {
    result = await manageUser(staff, parsed.data.userId, parsed.data.intent);
  } catch (error) {
    if (isTemporarilyUnavailable(error)) return { ok: false, message: UNAVAILABLE_MESSAGE };
    throw error;
  }
  if (!result.ok) return { ok: false, message: REFUSED[result.reason] };
  revalidatePath("/admin/users");
  return { ok: true, message: done(parsed.data.intent, result.user.username, result.ended ?? 0) };
}

const REFUSED = {
  self: "You cannot deactivate your own account.",
  not_found: "That user no longer exists.",
  forbidden: "Only a superuser can change the account of a staff member or a superuser.",
} as const;

function done(intent: ManageIntent, username: string, ended: number): string {
  switch (intent) {
    case "deactivate":
      return `${username} is deactivated and logged out everywhere.`;
    case "reactivate":
      return `${username} is active again.`;
    case "end_sessions":
      return `Ended ${ended} ${ended === 1 ? "session" : "sessions"} of ${username}.`;
  }
}
