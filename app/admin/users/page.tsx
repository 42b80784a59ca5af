import type { Metadata } from "next";
import { pageData } from "@/app/ui/page-data";
import Link from "next/link";
import { z } from "zod";
import { listUsers, pathWithQuery, requireStaff, USERNAME_MAX_LENGTH } from "@/lib/auth";
import { UserTable } from "./user-table";

export const metadata: Metadata = { title: "Users" };

const PAGE_SIZE = 50;

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

// Anything odd in the query (arrays, junk, huge values) falls back to the first page of everyone.
const paramsSchema = z.object({
  q: z.string().trim().max(USERNAME_MAX_LENGTH).catch(""),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
});

function pageHref(q: string, page: number): string {
  const query = new URLSearchParams();
  if (q) query.set("q", q);
  if (page > 1) query.set("page", String(page));
  const search = query.toString();
  return search ? `/admin/users?${search}` : "/admin/users";
}

export default async function AdminUsersPage({ searchParams }: Props) {
  const params = await searchParams;
  // The access check (staff only); the middleware's redirect of anonymous visitors is only a gate.
  const staff = await requireStaff(pathWithQuery("/admin/users", params));
  const { q, page } = paramsSchema.parse({ q: params.q ?? "", page: params.page ?? 1 });
  const { users, total } = await pageData(listUsers(q, page, PAGE_SIZE, staff));
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const first = (page - 1) * PAGE_SIZE + 1;

  return (
    <section className="card wide">
      <h1>Users</h1>
      <p>
        <Link href="/admin/events">Auth events</Link>: every sign-in, failure, logout and account change
      </p>
      <form method="get" action="/admin/users" role="search" className="search">
        <label htmlFor="field-q" className="visually-hidden">
          Search usernames
        </label>
        <input
          id="field-q"
          name="q"
          type="search"
          placeholder="Search usernames"
          defaultValue={q}
          maxLength={USERNAME_MAX_LENGTH}
          autoCapitalize="none"
          spellCheck={false}
        />
        <button type="submit" className="secondary">
          Search
        </button>
      </form>
      <p data-testid="user-count">
        {users.length > 0
          ? `${first}–${first + users.length - 1} of ${total} ${total === 1 ? "user" : "users"}`
          : q
            ? `No users match “${q}”.`
            : "No users on this page."}
        {q ? (
          <>
            {" "}
            · <Link href="/admin/users">Show all</Link>
          </>
        ) : null}
      </p>
      {users.length > 0 ? <UserTable users={users} /> : null}
      {pages > 1 ? (
        <nav aria-label="Pages" className="pagination">
          {page > 1 ? <Link href={pageHref(q, Math.min(page - 1, pages))}>Previous</Link> : null}
          <span>
            Page {page} of {pages}
          </span>
          {page < pages ? <Link href={pageHref(q, page + 1)}>Next</Link> : null}
        </nav>
      ) : null}
    </section>
  );
}
