// A plain 503 page for when the database does not answer. A route handler rather than a page,
// because App Router pages cannot set their status code.
const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Service unavailable · Seed</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5;color-scheme:light dark}</style>
</head><body><main>
<h1>Service unavailable</h1>
<p>The service is temporarily unavailable. Nothing you entered was lost or changed.</p>
<p><a href="/">Try again</a></p>
</main></body></html>`;

export function GET(): Response {
  return new Response(html, {
    status: 503,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Retry-After": "5" },
  });
}
