import type { Metadata } from "next";
import Link from "next/link";
import { myRecentEvents, mySessions, requireUser } from "@/lib/auth";
import { describeDevice } from "@/app/ui/device";
import { LifecycleInspector } from "./lifecycle-inspector";
import { RecentActivity } from "./recent-activity";
import { SessionsPanel } from "./sessions-panel";
import { pathWithQuery } from "@/lib/auth/redirect";
import { DateTime } from "@/app/ui/date-time";
import { FlashMessages } from "@/app/ui/flash-messages";
import { pageData } from "@/app/ui/page-data";

export const metadata: Metadata = { title: "Profile" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ProfilePage({ searchParams }: Props) {
  // The authoritative check: the middleware's redirect is only an early, optimistic gate.
  const params = await searchParams;
  const accessStarted = performance.now();
  const user = await requireUser(pathWithQuery("/profile", params));
  const accessMs = performance.now() - accessStarted;
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
      <h1>Profile</h1>
      <FlashMessages />
      <dl className="facts">
        <dt>Username</dt>
        <dd data-testid="profile-username">{user.username}</dd>
        <dt>Email</dt>
        <dd data-testid="profile-email">{user.email ?? "None"}</dd>
        <dt>Joined</dt>
        <dd><DateTime value={user.dateJoined} /></dd>
        <dt>Last login</dt>
        <dd>{user.lastLogin ? <DateTime value={user.lastLogin} /> : "Never"}</dd>
      </dl>
      <ul className="links">
        <li><Link href="/profile/email">{user.email ? "Change email" : "Add an email address"}</Link></li>
        <li><Link href="/profile/password">Change password</Link></li>
        <li><Link href="/profile/two-factor">Two-factor authentication</Link></li>
        <li><Link href="/profile/delete">Delete account</Link></li>
      </ul>
      <LifecycleInspector accessMs={accessMs} />
      <h2 id="sessions-heading">Where you&apos;re logged in</h2>
      <SessionsPanel sessions={sessions} />
      <h2 id="activity-heading">Recent activity</h2>
      <RecentActivity events={recentEvents} />
    </section>
  );
}
