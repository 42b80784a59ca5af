import Link from "next/link";

type StatusPageProps = {
  /** "404", "403", … shown small above the heading. */
  code: string;
  title: string;
  children: React.ReactNode;
  /** The next steps, as links or buttons; the home page when none. */
  actions?: React.ReactNode;
};

/** The unhappy paths (not found, forbidden, unavailable): what happened in plain words, and what to do next. */
export function StatusPage({ code, title, children, actions }: StatusPageProps) {
  return (
    <section className="card status-page" aria-labelledby="status-title">
      <span className="status-code">Error {code}</span>
      <h1 id="status-title">{title}</h1>
      {children}
      <div className="form-actions">
        {actions ?? (
          <Link href="/" className="button">
            Go to the home page
          </Link>
        )}
      </div>
    </section>
  );
}
