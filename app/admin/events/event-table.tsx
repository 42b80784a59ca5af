import Link from "next/link";
import type { AuthEventRow } from "@/lib/auth";
import { DateTime } from "@/app/ui/date-time";
import { describeDevice } from "@/lib/auth";
import { eventLabel } from "@/app/ui/event-labels";

/** The audit trail, newest first; a name links to that account's events. */
export function EventTable({ events }: { events: AuthEventRow[] }) {
  return (
    <div className="table-scroll">
      <table className="users events">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Event</th>
            <th scope="col">User</th>
            <th scope="col">Address</th>
            <th scope="col">Device</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id} data-testid="event-row" data-event={e.event}>
              <td>
                <DateTime value={e.createdAt} />
              </td>
              <th scope="row">{eventLabel(e.event)}</th>
              <td>
                {e.username ? <Link href={`/admin/events?user=${encodeURIComponent(e.username)}`}>{e.username}</Link> : null}
                {e.userId !== null && !e.username ? `user #${e.userId}` : null}
                {e.userId === null && !e.username && e.nameHash ? (
                  // A name that is no account, kept only as a keyed hash: it may have been a password.
                  <span title="A name that is no account; only a keyed hash of it is kept">unknown name #{e.nameHash.slice(0, 8)}</span>
                ) : null}
              </td>
              <td>{e.ipAddress ?? "Unknown"}</td>
              <td>{describeDevice(e.userAgent)}</td>
              <td>{e.detail ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
