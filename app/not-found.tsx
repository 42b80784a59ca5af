import Link from "next/link";
import { StatusPage } from "./ui/status-page";

export default function NotFound() {
  return (
    <StatusPage
      code="404"
      title="Page not found"
      actions={
        <>
          <Link href="/" className="button">
            Go to the home page
          </Link>
          <Link href="/profile" className="button secondary">
            Your profile
          </Link>
        </>
      }
    >
      <p>There is nothing at this address. Check the link, or start again from the home page.</p>
    </StatusPage>
  );
}
