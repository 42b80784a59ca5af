import Link from "next/link";
import { StatusPage } from "./ui/status-page";

// Rendered by forbidden() (lib/auth requireStaff) with status 403: logged in, but not allowed.
export default function Forbidden() {
  return (
    <StatusPage
      code="403"
      title="Forbidden"
      actions={
        <>
          <Link href="/profile" className="button">
            Go to your profile
          </Link>
          <Link href="/" className="button secondary">
            Home page
          </Link>
        </>
      }
    >
      <p>Your account does not have access to this page. If you think it should, ask a staff member of this site.</p>
    </StatusPage>
  );
}
