import type { Metadata } from "next";
import Link from "next/link";
import { DEFAULT_LOGIN_REDIRECT, myPasskeys, pathWithQuery, requireUser, safeNextPath, twoFactorStatus } from "@/lib/auth";
import { FlashMessages } from "@/app/ui/flash-messages";
import { pageData } from "@/app/ui/page-data";
import { ConfirmCodeForm, ConfirmPasswordForm } from "./confirm-forms";
import { PasskeyConfirm } from "./passkey-confirm";

export const metadata: Metadata = { title: "Confirm it is you" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Step-up: a sensitive page sends a session here once its last proof of identity is too old. */
export default async function ConfirmPage({ searchParams }: Props) {
  const params = await searchParams;
  const user = await requireUser(pathWithQuery("/profile/confirm", params));
  const next = safeNextPath(typeof params.next === "string" ? params.next : null) ?? DEFAULT_LOGIN_REDIRECT;
  const [factor, passkeys] = await pageData(Promise.all([twoFactorStatus(user), myPasskeys()]));
  return (
    <section className="card">
      <h1>Confirm it is you</h1>
      <FlashMessages />
      <p className="lead">This change needs a fresh proof that you are {user.username}. It lasts a few minutes, then we ask again.</p>
      {passkeys.length > 0 ? <PasskeyConfirm next={next} /> : null}
      {/* With a second factor on, the password alone is not enough (lib/auth/account/step-up.ts). */}
      {factor.enabled ? <ConfirmCodeForm next={next} /> : <ConfirmPasswordForm next={next} username={user.username} />}
      <p className="card-footer">
        <Link href="/profile">Back to your profile</Link>
      </p>
    </section>
  );
}
