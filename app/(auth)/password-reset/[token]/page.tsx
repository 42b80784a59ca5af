import type { Metadata } from "next";
import Link from "next/link";
import { pageData } from "@/app/ui/page-data";
import { authConfig, checkResetLink, LINK_INVALID } from "@/lib/auth";
import { ResetForm } from "./reset-form";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

type Props = { params: Promise<{ token: string }> };

export default async function ResetLinkPage({ params }: Props) {
  const { token } = await params;
  // Looked at, not used: the link stays usable until a new password is set with it.
  const link = await pageData(checkResetLink(token));
  return (
    <section className="card">
      <h1>Choose a new password</h1>
      {link ? (
        <ResetForm token={token} username={link.username} minPasswordLength={authConfig.passwordMinLength} />
      ) : (
        <>
          <p role="alert" className="alert">
            {LINK_INVALID}
          </p>
          <p>
            <Link href="/password-reset">Ask for a new link</Link>
          </p>
        </>
      )}
      <p className="card-footer">
        <Link href="/login">Log in</Link>
      </p>
    </section>
  );
}
