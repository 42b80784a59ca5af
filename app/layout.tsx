import type { Metadata } from "next";
import Link from "next/link";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Seed", template: "%s · Seed" },
  description: "Server-side session authentication for Next.js",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <Link href="/">Seed</Link>
          <nav aria-label="Main">
            <Link href="/profile">Profile</Link>
            <Link href="/login">Log in</Link>
            <Link href="/signup">Sign up</Link>
          </nav>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
