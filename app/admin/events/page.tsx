import type { Metadata } from "next";
import { pageData } from "@/app/ui/page-data";
import Link from "next/link";
import { z } from "zod";
import { AUTH_EVENTS, listAuthEvents, pathWithQuery, requireStaff, USERNAME_MAX_LENGTH } from "@/lib/auth";
import { EVENT_LABELS } from "@/app/ui/event-labels";
import { EventTable } from "./event-table";

export const metadata: Metadata = { title: "Auth events" };

const PAGE_SIZE = 50;
const DAY = 24 * 60 * 60 * 1000;

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

// A day as the date inputs send it (YYYY-MM-DD, UTC); anything else means "no bound".
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)))
  .optional()
  .catch(undefined);

// Anything odd in the query (arrays, junk, huge values) falls back to no filter, first page.
const paramsSchema = z.object({
  event: z.enum(AUTH_EVENTS).optional().catch(undefined),
  user: z.string().trim().max(USERNAME_MAX_LENGTH).catch(""),
  from: day,
  to: day,
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
});

type Filters = z.infer<typeof paramsSchema>;

function pageHref(filters: Filters, page: number): string {
  const query = new URLSearchParams();
  for (const key of ["event", "user", "from", "to"] as const) if (filters[key]) query.set(key, filters[key]!);
  if (page > 1) query.set("page", String(page));
  const search = query.toString();
  return search ? `/admin/events?${search}` : "/admin/events";
}

export default async function AdminEventsPage({ searchParams }: Props) {
  const params = await searchParams;
  // The access check (staff only); the middleware's redirect of anonymous visitors is only a gate.
  await requireStaff(pathWithQuery("/admin/events", params));
  const filters = paramsSchema.parse({
    event: params.event || undefined,
    user: params.user ?? "",
    from: params.from || undefined,
    to: params.to || undefined,
    page: params.page ?? 1,
  });
  const { events, total } = await pageData(
    listAuthEvents(
      {
        event: filters.event,
        username: filters.user || undefined,
        from: filters.from ? new Date(`${filters.from}T00:00:00Z`) : undefined,
        // "To" includes that whole day.
        until: filters.to ? new Date(Date.parse(`${filters.to}T00:00:00Z`) + DAY) : undefined,
      },
      filters.page,
      PAGE_SIZE,
    ),
  );
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const first = (filters.page - 1) * PAGE_SIZE + 1;
  const filtered = Boolean(filters.event || filters.user || filters.from || filters.to);

  return (
    <section className="card wide">
      <h1>Auth events</h1>
      <p>
        <Link href="/admin/users">Users</Link>
      </p>
      <form method="get" action="/admin/events" role="search" className="search">
        <label htmlFor="field-event">Event</label>
        <select id="field-event" name="event" defaultValue={filters.event ?? ""}>
          <option value="">All events</option>
          {AUTH_EVENTS.map((event) => (
            <option key={event} value={event}>
              {EVENT_LABELS[event]}
            </option>
          ))}
        </select>
        <label htmlFor="field-user">Username</label>
        <input id="field-user" name="user" type="search" defaultValue={filters.user} maxLength={USERNAME_MAX_LENGTH} autoCapitalize="none" spellCheck={false} />
        <label htmlFor="field-from">From</label>
        <input id="field-from" name="from" type="date" defaultValue={filters.from ?? ""} />
        <label htmlFor="field-to">To</label>
        <input id="field-to" name="to" type="date" defaultValue={filters.to ?? ""} />
        <button type="submit">Filter</button>
      </form>
      <p data-testid="event-count">
        {events.length > 0
          ? `${first}–${first + events.length - 1} of ${total} ${total === 1 ? "event" : "events"}`
          : filtered
            ? "No events match these filters."
            : "No events on this page."}
        {filtered ? (
          <>
            {" "}
            · <Link href="/admin/events">Show all</Link>
          </>
        ) : null}
      </p>
      {events.length > 0 ? <EventTable events={events} /> : null}
      {pages > 1 ? (
        <nav aria-label="Pages" className="pagination">
          {filters.page > 1 ? <Link href={pageHref(filters, Math.min(filters.page - 1, pages))}>Previous</Link> : null}
          <span>
            Page {filters.page} of {pages}
          </span>
          {filters.page < pages ? <Link href={pageHref(filters, filters.page + 1)}>Next</Link> : null}
        </nav>
      ) : null}
    </section>
  );
}
