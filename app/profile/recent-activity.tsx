import type { AuthEventRow } from "@/lib/auth";
import { describeDevice } from "@/lib/auth";
import { eventLabel } from "@/app/ui/event-labels";
import { RelativeTime } from "@/app/ui/relative-time";

/** "Signed in from Chrome 156 on Linux (127.0.0.1), 2 hours ago": the user's latest auth events. */
export function RecentActivity({ events }: { events: AuthEventRow[] }) {
  if (events.length === 0) return <p>No activity recorded yet.</p>;
  return (
    <ul className="sessions" data-testid="recent-activity">
      {events.map((e) => (
        <li key={e.id} data-testid="activity" data-event={e.event}>
          <strong>{eventLabel(e.event)}</strong> from {describeDevice(e.userAgent)}
          {e.ipAddress ? ` (${e.ipAddress})` : ""}, <RelativeTime value={e.createdAt} />
        </li>
      ))}
    </ul>
  );
}
