import Link from "next/link";
import { getPageUser } from "@/lib/auth";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function HomePage({ searchParams }: Props) {
  const user = await getPageUser();
  const deleted = (await searchParams).account_deleted === "1";
  return (
    <section className="card">
      <h1>Seed</h1>
      {deleted && !user ? <p role="status" className="notice">Your account was deleted.</p> : null}
      <p>Server-side session authentication for Next.js, modelled on Django&apos;s auth and sessions.</p>
      {user ? (
        <p>
          You are logged in as <strong>{user.username}</strong>. Go to your <Link href="/profile">profile</Link>.
        </p>
      ) : (
        <p>
          You are not logged in. <Link href="/login">Log in</Link> or <Link href="/signup">sign up</Link>.
        </p>
      )}
    </section>
  );
}
