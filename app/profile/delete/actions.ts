"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { addMessage, currentPasswordField, deleteMyAccount } from "@/lib/auth";
import { refusal } from "@/app/ui/messages";
import { validatedUserAction } from "@/app/ui/validated-action";

const schema = z.object({
  password: currentPasswordField,
});

export const deleteAccountAction = validatedUserAction("/profile/delete", schema, async ({ password }) => {
  const result = await deleteMyAccount(password);
  if (!result.ok) return refusal(result, "/profile/delete");
  await addMessage("info", "Your account was deleted.");
  redirect("/");
});
