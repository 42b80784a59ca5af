"use client";
import Link from "next/link";
import { UNAVAILABLE_MESSAGE } from "./ui/form-state";

// Shown when a page fails to render, most often because the database is unavailable. It never
// shows the error itself.
export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <section className="card status-page" aria-labelledby="status-title">
      <h1 id="status-title">Service unavailable</h1>
      <p role="alert">{UNAVAILABLE_MESSAGE}</p>
      <p>Nothing you entered was lost or changed.</p>
      <div className="form-actions">
        <button type="button" onClick={() => reset()}>
          Try again
        </button>
        <Link href="/" className="button secondary">
          Home page
        </Link>
      </div>
    </section>
  );
}
