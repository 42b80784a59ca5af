import Link from "next/link";
import { getPageUser, getSession } from "@/lib/auth";
import { NoteForm } from "./note-form";
import "./session-note";
import { FlashMessages } from "@/app/ui/flash-messages";

export default async function HomePage() {
  const user = await getPageUser();
  // Reading the session creates nothing: a first visit has no row and gets no cookie.
  const session = await getSession();
  const note = session.get("note");
  return (
    <>
      <section className="card">
        <h1>Seed</h1>
        <FlashMessages />
        <p className="lead">Server-side session authentication for Next.js, modelled on Django&apos;s auth and sessions.</p>
        {user ? (
          <>
            <p>
              You are logged in as <strong>{user.username}</strong>.
            </p>
            <div className="form-actions">
              <Link href="/profile" className="button">
                Go to your profile
              </Link>
            </div>
          </>
        ) : (
          <>
            <p>You are not logged in.</p>
            <div className="form-actions">
              <Link href="/login" className="button">
                Log in
              </Link>
              <Link href="/signup" className="button secondary">
                Create an account
              </Link>
            </div>
          </>
        )}
      </section>
      <section className="card" aria-labelledby="session-heading">
        <h2 id="session-heading">Your session</h2>
        <p data-testid="session-kind">
          {!session.exists
            ? "You have no session yet: nothing is stored until something is written."
            : session.authenticated
              ? "Your session belongs to your login."
              : "You have an anonymous session: it keeps what you write here, and keeps it when you log in."}
        </p>
        {note ? (
          <p>
            Your note: <q data-testid="session-note">{note}</q>
          </p>
        ) : null}
        <NoteForm note={note ?? ""} />
      </section>
    </>
  );
}
