import type { Metadata } from "next";
import Link from "next/link";
import { pageData } from "@/app/ui/page-data";
import { checkAddressLink, LINK_INVALID } from "@/lib/auth";
import { ConfirmAddressForm } from "./confirm-form";

export const metadata: Metadata = { title: "Confirm your email address", referrer: "no-referrer" };

type Props = { params: Promise<{ token: string }> };

// Opening the link only shows the button: a mail scanner that fetches every link must not
// confirm an address typed by mistake, which would let its mailbox's owner reset the account.
export default async function VerifyEmailPage({ params }: Props) {
  const { token } = await params;
  const link = await pageData(checkAddressLink(token));
  return (
    <section className="card">
      <h1>Confirm your email address</h1>
      {link ? (
        <ConfirmAddressForm token={token} email={link.email} />
      ) : (
        <p role="alert" className="alert">
          {LINK_INVALID}
        </p>
      )}
      <p className="card-footer">
        <Link href="/profile">Your profile</Link>
      </p>
    </section>
  );
}
