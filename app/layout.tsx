import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import { BARE_PAGE_HEADER, benchPagesEnabled } from "@/lib/http/bench-pages.mjs";
import { releaseRenderWhenDone } from "@/lib/render-release";
import { SiteHeader } from "./ui/site-header";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Seed", template: "%s · Seed" },
  description: "Server-side session authentication for Next.js",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#181b22" },
  ],
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  releaseRenderWhenDone();
  // The bench's floor page (app/bench/bare) is the page alone, without the site header.
  if (benchPagesEnabled() && (await headers()).get(BARE_PAGE_HEADER) === "1") {
    return (
      <html lang="en">
        <body>
          <main id="main">{children}</main>
        </body>
      </html>
    );
  }
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <SiteHeader />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
      </body>
    </html>
  );
}
