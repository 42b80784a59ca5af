import Link from "next/link";
import { getCurrentUser, type PublicUser } from "@/lib/auth";
import { logoutAction } from "@/app/profile/actions";

/** Who is logged in, and Log out, on every page. A database outage hides the name rather than the page. */
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
            {/* On every page a logged-in user sees (ASVS 7.4.4); a POST, never a link. */}
            <form action={logoutAction} className="header-logout">
              <button type="submit">Log out</button>
            </form>
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
