import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { benchPagesEnabled } from "@/lib/http/bench-pages.mjs";

// The floor any page of this build pays (`bare` in `npm run bench`): the custom server (with the
// CSP nonce), Next's app renderer and React, the root layout's <html> and
// stylesheet; no session lookup, no site header, no client component. A 404 unless
// SEED_BENCH_PAGES=1.

export const metadata: Metadata = { title: "Bare page", robots: { index: false, follow: false } };

export default async function BarePage() {
  await connection(); // rendered per request, like every page of the app
  if (!benchPagesEnabled()) notFound();
  return (
    <section className="card">
      <h1>Bare page</h1>
      <p>The bench&apos;s floor for pages.</p>
    </section>
  );
}
