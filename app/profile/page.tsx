import type { Metadata } from "next";
import Link from "next/link";
import { mailLinksEnabled, myPendingEmail, pathWithQuery, requireUser } from "@/lib/auth";
import { DateTime } from "@/app/ui/date-time";
import { FlashMessages } from "@/app/ui/flash-messages";
import { pageData } from "@/app/ui/page-data";
import { CancelEmailChangeForm, ResendVerificationForm } from "./email-panel";

export const metadata: Metadata = { title: "Profile" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ProfilePage({ searchParams }: Props) {
  // The authoritative check: the middleware's redirect is only an early, optimistic gate.
  const params = await searchParams;
  const user = await requireUser(pathWithQuery("/profile", params));
  const pending = await pageData(myPendingEmail());
  return (
    <section className="card wide">
      <h1>Profile</h1>
      <FlashMessages />
      <dl className="facts">
        <dt>Username</dt>
        <dd data-testid="profile-username">{user.username}</dd>
        <dt>Email</dt>
        <dd>
          <span data-testid="profile-email">{user.email ?? "None"}</span>
          {user.email ? (
            <span className={user.emailVerifiedAt ? "badge" : "badge warn"} data-testid="email-status">
              {user.emailVerifiedAt ? "Confirmed" : "Not confirmed"}
            </span>
          ) : null}
        </dd>
        <dt>Joined</dt>
        <dd>
          <DateTime value={user.dateJoined} />
        </dd>
        <dt>Last login</dt>
        <dd>{user.lastLogin ? <DateTime value={user.lastLogin} /> : "Never"}</dd>
      </dl>
      {user.email && !user.emailVerifiedAt && !pending && mailLinksEnabled() ? (
        <div className="email-action" data-testid="email-unconfirmed">
          <p>Confirm your address with the link we mailed to it: only a confirmed address can receive a password reset link.</p>
          <ResendVerificationForm />
        </div>
      ) : null}
      {pending ? (
        <div className="email-action" data-testid="email-pending">
          <p>
            Waiting for confirmation: <strong>{pending.email}</strong> becomes your address when the link mailed to it is opened (until{" "}
            <DateTime value={pending.expiresAt} />
            ).
          </p>
          <div className="email-buttons">
            <ResendVerificationForm label="Send the link again" />
            <CancelEmailChangeForm />
          </div>
        </div>
      ) : null}
      <ul className="links">
        <li>
          <Link href="/profile/sessions">Sessions and activity</Link>
        </li>
        <li>
          <Link href="/profile/email">{user.email ? "Change email" : "Add an email address"}</Link>
        </li>
        <li>
          <Link href="/profile/password">Change password</Link>
        </li>
        <li>
          <Link href="/profile/two-factor">Two-factor authentication</Link>
        </li>
        <li>
          <Link href="/profile/passkeys">Passkeys</Link>
        </li>
        <li>
          <Link href="/profile/delete">Delete account</Link>
        </li>
      </ul>
    </section>
  );
}
