import type { Metadata } from "next";
import { pageData } from "@/app/ui/page-data";
import Link from "next/link";
import { requireRecentAuth, twoFactorStatus } from "@/lib/auth";
import { beginAction, savedCodesAction } from "./actions";
import { ConfirmForm, TurnOffForm } from "./factor-forms";
import { FlashMessages } from "@/app/ui/flash-messages";

export const metadata: Metadata = { title: "Two-factor authentication" };

export default async function TwoFactorPage() {
  const { user } = await requireRecentAuth("/profile/two-factor");
  const status = await pageData(twoFactorStatus(user));
  return (
    <section className="card">
      <h1>Two-factor authentication</h1>
      <FlashMessages />
      {status.enabled ? (
        <>
          {status.newRecoveryCodes ? (
            <div role="status">
              <p className="notice">Two-factor authentication is on. Your other sessions were logged out.</p>
              <p>Save these recovery codes somewhere safe. Each one works once, if you lose your device. They will not be shown again.</p>
              <ul className="codes" data-testid="recovery-codes">
                {status.newRecoveryCodes.map((code) => (
                  <li key={code}>
                    <code>{code}</code>
                  </li>
                ))}
              </ul>
              <form action={savedCodesAction}>
                <button type="submit">I have saved them</button>
              </form>
            </div>
          ) : null}
          <p data-testid="two-factor-status">On. Recovery codes left: {status.recoveryCodesLeft}.</p>
          <h2>Turn off</h2>
          <TurnOffForm />
        </>
      ) : status.setup ? (
        <>
          <p>Scan this code with an authenticator app, then enter the 6-digit code it shows.</p>
          <div className="qr" role="img" aria-label="QR code for your authenticator app" dangerouslySetInnerHTML={{ __html: status.setup.qrSvg }} />
          <p>
            Or enter this key by hand: <code data-testid="totp-secret">{status.setup.secret}</code>
          </p>
          <ConfirmForm />
        </>
      ) : (
        <>
          <p data-testid="two-factor-status">Off. A code from an authenticator app on your phone keeps your account safe even if your password leaks.</p>
          <form action={beginAction}>
            <button type="submit">Set up two-factor authentication</button>
          </form>
        </>
      )}
      <p className="card-footer">
        <Link href="/profile">Back to your profile</Link>
      </p>
    </section>
  );
}
