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
      <div className="site-header-inner">
        <Link href="/" className="brand">
          <svg className="brand-mark" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path
              fill="currentColor"
              d="M12 22c-.6 0-1-.4-1-1v-4.1C6.5 16.4 3 12.9 3 8.5V4l1.2.1C8 4.4 10.8 6.7 11.7 10 12.9 6.1 16.4 3.4 20.5 3.2L22 3.1v1.6c0 5-3.6 9.1-8.9 10.1L13 21c0 .6-.4 1-1 1Z"
            />
          </svg>
          Seed
        </Link>
        <nav aria-label="Account" className="site-nav">
          {user ? (
            <>
              <span className="whoami">
                Signed in as <strong data-testid="header-username">{user.username}</strong>
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
              <Link href="/signup" className="button secondary">
                Sign up
              </Link>
            </>
          )}
        </nav>
      </div>
    </header>
  );
}
