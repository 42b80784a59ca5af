import type { Metadata } from "next";
import Link from "next/link";
import { safeNextPath } from "@/lib/auth/redirect";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Log in" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const NOTICES: Record<string, string> = {
  created: "Account created, please log in.",
  logged_out: "You have been logged out.",
  expired: "That took too long. Please log in again.",
};

export default async function LoginPage({ searchParams }: Props) {
  const params = await searchParams;
  const next = safeNextPath(params.next);
  const notice = Object.keys(NOTICES).find((key) => params[key] === "1");
  return (
    <section className="card">
      <h1>Log in</h1>
      {notice ? <p role="status" className="notice">{NOTICES[notice]}</p> : null}
      <LoginForm next={next} />
      <p className="card-footer">
        No account yet? <Link href="/signup">Sign up</Link>
      </p>
    </section>
  );
}
