import type { Metadata } from "next";
import Link from "next/link";
import { FlashMessages } from "@/app/ui/flash-messages";
import { LoginForm } from "./login-form";
import { PasskeyLogin } from "./passkey-login";
import { mailLinksEnabled, safeNextPath } from "@/lib/auth";

export const metadata: Metadata = { title: "Log in" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function LoginPage({ searchParams }: Props) {
  const params = await searchParams;
  const next = safeNextPath(params.next);
  return (
    <section className="card">
      <h1>Log in</h1>
      <FlashMessages />
      <LoginForm next={next} />
      <PasskeyLogin next={next} />
      {mailLinksEnabled() ? (
        <p className="form-aside">
          <Link href="/password-reset">Forgot your password?</Link>
        </p>
      ) : null}
      <p className="card-footer">
        No account yet? <Link href="/signup">Sign up</Link>
      </p>
    </section>
  );
}
