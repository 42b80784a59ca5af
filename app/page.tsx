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
      <p className="lead">Server-side session authentication for Next.js, modelled on Django&apos;s auth and sessions.</p>
      {user ? (
        <>
          <p>
            You are logged in as <strong>{user.username}</strong>.
          </p>
          <div className="form-actions">
            <Link href="/profile" className="button">Go to your profile</Link>
          </div>
        </>
      ) : (
        <>
          <p>You are not logged in.</p>
          <div className="form-actions">
            <Link href="/login" className="button">Log in</Link>
            <Link href="/signup" className="button secondary">Create an account</Link>
          </div>
        </>
      )}
    </section>
  );
}
