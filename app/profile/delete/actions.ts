"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { addMessage, deleteMyAccount } from "@/lib/auth";
import { refusal } from "@/app/ui/messages";
import { validatedUserAction } from "@/app/ui/validated-action";

const schema = z.object({
  confirm: z.string({ error: "Type your username." }).trim().min(1, "Type your username.").max(200, "That is not your username."),
});

// The step-up proves who is asking; typing the username makes sure they mean it.
export const deleteAccountAction = validatedUserAction("/profile/delete", schema, async ({ confirm }, user) => {
  if (confirm !== user.username) return { errors: { confirm: ["That is not your username."] } };
  const result = await deleteMyAccount();
  if (!result.ok) return refusal(result, "/profile/delete");
  await addMessage("info", "Your account was deleted.");
  redirect("/");
});
