import type { Metadata } from "next";
import Link from "next/link";
import { LINK_INVALID, verifyEmailLink } from "@/lib/auth";

export const metadata: Metadata = { title: "Confirm your email address", referrer: "no-referrer" };

type Props = { params: Promise<{ token: string }> };

// Opening the link is the proof: the address reached its owner. A mail scanner opening it first
// proves the same, so the link confirms on GET (a reset link, by contrast, only shows its form).
export default async function VerifyEmailPage({ params }: Props) {
  const { token } = await params;
  const result = await verifyEmailLink(token);
  return (
    <section className="card">
      <h1>Confirm your email address</h1>
      {result.ok ? (
        <p role="status" className="notice">
          {result.changed ? `Your email address is now ${result.email}, confirmed.` : `${result.email} is confirmed as your email address.`}
        </p>
      ) : (
        <p role="alert" className="alert">
          {result.reason === "email_taken"
            ? "Another account uses this address now, so it was not applied."
            : result.reason === "throttled"
              ? `Too many links opened from here. Try again in ${result.retryAfter} seconds.`
              : LINK_INVALID}
        </p>
      )}
      <p className="card-footer">
        <Link href="/profile">Your profile</Link>
      </p>
    </section>
  );
}
