"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { manageUser, requireStaff, type ManageIntent } from "@/lib/auth";
import { refusal } from "@/app/ui/messages";
import { validatedAction } from "@/app/ui/validated-action";

const userActionSchema = z.object({
  userId: z.coerce.number().int().positive(),
  intent: z.enum(["deactivate", "reactivate", "end_sessions"]),
});

const REFUSED = {
  self: "You cannot deactivate your own account.",
  not_found: "That user no longer exists.",
  forbidden: "Only a superuser can change the account of a staff member or a superuser.",
} as const;

/** Deactivate, reactivate, or end the sessions of one user; staff only, checked here again. */
export const userAction = validatedAction(
  userActionSchema,
  async ({ userId, intent }) => {
    // Never trust the page that showed the button: the POST is checked on its own.
    const staff = await requireStaff("/admin/users");
    const result = await manageUser(staff, userId, intent);
    if (!result.ok && result.reason === "step_up") return refusal(result, "/admin/users");
    if (!result.ok) return { message: REFUSED[result.reason] };
    revalidatePath("/admin/users");
    return { notice: done(intent, result.user.username, result.ended ?? 0) };
  },
  { invalid: "That request was not understood." },
);

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
