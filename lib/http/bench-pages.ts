// The bench's floor page (app/bench/bare), served only when SEED_BENCH_PAGES=1 (`npm run bench`
// sets it): elsewhere it is a 404, so production exposes nothing. Edge-safe: middleware.ts marks
// the request, and the root layout then renders the page without the site header.

export const BARE_PAGE_PATH = "/bench/bare";

/** Set by middleware.ts on the request, always overwritten: a client cannot send it. */
export const BARE_PAGE_HEADER = "x-seed-bare-page";

export const benchPagesEnabled = (): boolean => process.env.SEED_BENCH_PAGES === "1";
