import type { Metadata } from "next";
import Link from "next/link";
import { requireRecentAuth } from "@/lib/auth";
import { EmailForm } from "./email-form";

export const metadata: Metadata = { title: "Email address" };

export default async function EmailPage() {
  const { user } = await requireRecentAuth("/profile/email");
  return (
    <section className="card">
      <h1>Email address</h1>
      <p className="lead">A new address takes effect once you open the link we mail to it.</p>
      <EmailForm email={user.email} />
      <p className="card-footer">
        <Link href="/profile">Back to your profile</Link>
      </p>
    </section>
  );
}
