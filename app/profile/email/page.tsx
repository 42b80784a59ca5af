import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth";
import { EmailForm } from "./email-form";

export const metadata: Metadata = { title: "Email address" };

export default async function EmailPage() {
  const user = await requireUser("/profile/email");
  return (
    <section className="card">
      <h1>Email address</h1>
      <p className="lead">Enter your password to confirm the change.</p>
      <EmailForm email={user.email} />
      <p className="card-footer">
        <Link href="/profile">Back to your profile</Link>
      </p>
    </section>
  );
}
