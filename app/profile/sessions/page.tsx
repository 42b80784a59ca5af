import type { Metadata } from "next";
import Link from "next/link";
import { myRecentEvents, mySessions, requireUser } from "@/lib/auth";
import { describeDevice } from "@/lib/auth";
import { DateTime } from "@/app/ui/date-time";
import { pageData } from "@/app/ui/page-data";
import { LifecycleInspector } from "../lifecycle-inspector";
import { RecentActivity } from "../recent-activity";
import { SessionsPanel } from "../sessions-panel";

export const metadata: Metadata = { title: "Sessions and activity" };

/** What a promise resolves to, and how long it took (ms): the inspector shows the access check's. */
async function timed<T>(work: Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await work;
  return [value, performance.now() - started];
}

// Its own page rather than part of /profile: the session list with its forms, the activity and
// the inspector more than doubled what /profile cost to render (docs/PERFORMANCE.md).
export default async function SessionsPage() {
  // The authoritative check: the middleware's redirect is only an early, optimistic gate.
  const [, accessMs] = await timed(requireUser("/profile/sessions"));
  const [mySessionList, recentEvents] = await pageData(Promise.all([mySessions(), myRecentEvents()]));
  const sessions = mySessionList.map((s) => ({
    id: s.id,
    device: describeDevice(s.userAgent),
    ipAddress: s.ipAddress,
    created: <DateTime value={s.createdAt} />,
    lastSeen: <DateTime value={s.lastSeen} />,
    current: s.current,
  }));
  return (
    <section className="card wide">
      <h1>Sessions and activity</h1>
      <h2 id="sessions-heading">Where you&apos;re logged in</h2>
      <SessionsPanel sessions={sessions} />
      <h2 id="activity-heading">Recent activity</h2>
      <RecentActivity events={recentEvents} />
      <LifecycleInspector accessMs={accessMs} />
      <p className="card-footer">
        <Link href="/profile">Back to your profile</Link>
      </p>
    </section>
  );
}
