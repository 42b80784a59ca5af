// The bench's floor page (app/bench/bare), served only when SEED_BENCH_PAGES=1 (`npm run bench`
// sets it): elsewhere it is a 404, so production exposes nothing. scripts/server.mjs marks the
// request, and the root layout then renders the page without the site header.

export const BARE_PAGE_PATH = "/bench/bare";

/** Set by scripts/server.mjs on the request, always overwritten: a client cannot send it. */
export const BARE_PAGE_HEADER = "x-seed-bare-page";

// Read once: the setting is fixed for the process, and this is asked on every request.
const enabled = process.env.SEED_BENCH_PAGES === "1";

/** @returns {boolean} */
export const benchPagesEnabled = () => enabled;

/** @param {import("node:http").IncomingMessage} req */
export function markBarePage(req) {
  delete req.headers[BARE_PAGE_HEADER];
  if (enabled && (req.url ?? "").split("?")[0] === BARE_PAGE_PATH) req.headers[BARE_PAGE_HEADER] = "1";
}
