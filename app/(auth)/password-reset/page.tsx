import type { Metadata } from "next";
import Link from "next/link";
import { mailLinksEnabled } from "@/lib/auth";
import { ResetRequestForm } from "./reset-request-form";

export const metadata: Metadata = { title: "Reset your password" };

export default function PasswordResetPage() {
  return (
    <section className="card">
      <h1>Reset your password</h1>
      {mailLinksEnabled() ? (
        <>
          <p className="lead">Enter the email address of your account. If it is verified, we mail it a link to choose a new password.</p>
          <ResetRequestForm />
        </>
      ) : (
        <p className="lead">Password reset by email is turned off on this server. Ask its operators to set a new password for you.</p>
      )}
      <p className="card-footer">
        Remembered it? <Link href="/login">Log in</Link>
      </p>
    </section>
  );
}
