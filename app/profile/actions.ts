"use server";
import { redirect } from "next/navigation";
import { logout } from "@/lib/auth";

export async function logoutAction(): Promise<void> {
  await logout();
  redirect("/login?logged_out=1");
}
