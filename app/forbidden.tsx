import Link from "next/link";

// Rendered by forbidden() (lib/auth requireStaff) with status 403: logged in, but not allowed.
export default function Forbidden() {
  return (
    <section className="card">
      <h1>Forbidden</h1>
      <p>Your account does not have access to this page. <Link href="/">Go to the home page</Link>.</p>
    </section>
  );
}
