import type { Metadata } from "next";
import Link from "next/link";
import { authConfig, requireRecentAuth } from "@/lib/auth";
import { PasswordForm } from "./password-form";

export const metadata: Metadata = { title: "Change password" };

export default async function ChangePasswordPage() {
  const { user } = await requireRecentAuth("/profile/password");
  return (
    <section className="card">
      <h1>Change password</h1>
      <p className="lead">Your other sessions will be logged out; this one continues.</p>
      <PasswordForm minLength={authConfig.passwordMinLength} username={user.username} />
      <p className="card-footer">
        <Link href="/profile">Back to your profile</Link>
      </p>
    </section>
  );
}
