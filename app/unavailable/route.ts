// A plain 503 page for when the database does not answer. A route handler rather than a page,
// because App Router pages cannot set their status code. Self-contained (no layout, no database,
// no JavaScript); its few styles carry this response's CSP nonce, which scripts/server.mjs set.
import { headers } from "next/headers";

const css = `
:root{color-scheme:light dark;--bg:#f5f6f8;--surface:#fff;--fg:#1a1d23;--muted:#4f5663;--border:#d5d9e0;--accent:#1d4ed8;--accent-fg:#fff;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
@media (prefers-color-scheme:dark){:root{--bg:#0f1115;--surface:#181b22;--fg:#e8eaef;--muted:#a9b0bc;--border:#323845;--accent:#8ab4ff;--accent-fg:#0b1530}}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);line-height:1.5}
main{max-width:28rem;margin:2rem auto;padding:0 1rem}
.card{background:var(--surface);border:1px solid var(--border);border-radius:.75rem;padding:1.5rem;text-align:center}
.code{display:block;margin-bottom:.5rem;font-size:.875rem;font-weight:700;letter-spacing:.08em;color:var(--muted)}
h1{margin:0 0 1rem;font-size:1.5rem}p{margin:0 0 1rem}
a.button{display:inline-block;padding:.5rem 1.1rem;border-radius:.5rem;background:var(--accent);color:var(--accent-fg);font-weight:600;text-decoration:none}
a:focus-visible{outline:3px solid var(--accent);outline-offset:2px}`;

function page(nonce: string): string {
  const attr = nonce ? ` nonce="${nonce.replace(/[^A-Za-z0-9+/=]/g, "")}"` : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Service unavailable · Seed</title>
<style${attr}>${css}</style>
</head><body><main><section class="card">
<span class="code">Error 503</span>
<h1>Service unavailable</h1>
<p>The service is temporarily unavailable. Nothing you entered was lost or changed.</p>
<p>Please try again in a moment.</p>
<p><a class="button" href="/">Try again</a></p>
</section></main></body></html>`;
}

export async function GET(): Promise<Response> {
  const nonce = (await headers()).get("x-nonce") ?? "";
  return new Response(page(nonce), {
    status: 503,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Retry-After": "5" },
  });
}
