"use client";

// Shown when a page fails to render, most often because the database is unavailable. It never
// shows the error itself.
export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <section className="card">
      <h1>Service unavailable</h1>
      <p role="alert">The service is temporarily unavailable. Please try again in a moment.</p>
      <button type="button" onClick={() => reset()}>Try again</button>
    </section>
  );
}
