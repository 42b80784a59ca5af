import type { Metadata } from "next";
import Link from "next/link";
import { mySessions, requireUser } from "@/lib/auth";
import { describeDevice } from "@/app/ui/device";
import { SessionsPanel } from "./sessions-panel";
import { pathWithQuery } from "@/lib/auth/redirect";
import { DateTime } from "@/app/ui/date-time";
import { logoutAction } from "./actions";

export const metadata: Metadata = { title: "Profile" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ProfilePage({ searchParams }: Props) {
  // The authoritative check: the middleware's redirect is only an early, optimistic gate.
  const user = await requireUser(pathWithQuery("/profile", await searchParams));
  const sessions = (await mySessions()).map((s) => ({
    id: s.id,
    device: describeDevice(s.userAgent),
    ipAddress: s.ipAddress,
    created: <DateTime value={s.createdAt} />,
    lastSeen: <DateTime value={s.lastSeen} />,
    current: s.current,
  }));
  return (
    <section className="card">
      <h1>Profile</h1>
      <dl className="facts">
        <dt>Username</dt>
        <dd data-testid="profile-username">{user.username}</dd>
        <dt>Joined</dt>
        <dd><DateTime value={user.dateJoined} /></dd>
        <dt>Last login</dt>
        <dd>{user.lastLogin ? <DateTime value={user.lastLogin} /> : "Never"}</dd>
      </dl>
      <p>
        <Link href="/profile/two-factor">Two-factor authentication</Link>
      </p>
      <h2 id="sessions-heading">Where you&apos;re logged in</h2>
      <SessionsPanel sessions={sessions} />
      <form action={logoutAction}>
        <button type="submit">Log out</button>
      </form>
    </section>
  );
}
