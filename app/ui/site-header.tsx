import Link from "next/link";
import { getCurrentUser, type PublicUser } from "@/lib/auth";

/** Who is logged in, on every page. A database outage hides the name rather than the page. */
export async function SiteHeader() {
  let user: PublicUser | null = null;
  try {
    user = await getCurrentUser();
  } catch {
    user = null;
  }
  return (
    <header className="site-header">
      <Link href="/">Seed</Link>
      <nav aria-label="Account">
        {user ? (
          <>
            <span>
              Signed in as <span data-testid="header-username">{user.username}</span>
            </span>
            {/* Only a convenience: /admin/users checks staff status itself. */}
            {user.isStaff ? <Link href="/admin/users">Admin</Link> : null}
            <Link href="/profile">Profile</Link>
          </>
        ) : (
          <>
            <Link href="/login">Log in</Link>
            <Link href="/signup">Sign up</Link>
          </>
        )}
      </nav>
    </header>
  );
}
