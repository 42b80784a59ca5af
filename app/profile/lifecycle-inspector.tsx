import { currentSessionTrace, getCurrentSession, stepUpSecondsLeft, type AuthLevel } from "@/lib/auth";
import { DateTime } from "@/app/ui/date-time";

// "How this request was authenticated": each layer of the lifecycle with what it did for the
// request that rendered this page. It shows only what the user may know about their own session:
// never the cookie's value, the key or the full hash.

const ms = (value: number) => `${value.toFixed(2)} ms`;

const LEVELS: Record<AuthLevel, string> = {
  password: "password",
  "password+totp": "password + authenticator code",
  "password+recovery_code": "password + recovery code",
  passkey: "passkey (two factors in one)",
};

function authLevel(session: NonNullable<Awaited<ReturnType<typeof getCurrentSession>>>["session"]): React.ReactNode {
  const level = session.authLevel ? LEVELS[session.authLevel] : "not recorded (a session from before levels were kept)";
  if (!session.verifiedAt) return `Signed in with ${level}; never re-verified, so sensitive changes ask first.`;
  const left = stepUpSecondsLeft(session);
  return (
    <>
      Signed in with {level}; identity last proved <DateTime value={session.verifiedAt} />.{" "}
      {left > 0 ? `Sensitive changes go through without asking for ${Math.ceil(left / 60)} more min.` : "Sensitive changes ask to confirm it is you first."}
    </>
  );
}

export async function LifecycleInspector({ accessMs }: { accessMs: number }) {
  const [trace, current] = await Promise.all([currentSessionTrace(), getCurrentSession()]);
  const layers: { name: string; detail: React.ReactNode; time: string }[] = [
    {
      name: "1. Cookie",
      detail: trace.cookiePresent
        ? `Present: ${trace.sealedLength} sealed characters (iron-session), ${trace.unsealed ? "unsealed to a session key" : "did not unseal"}.`
        : "Absent.",
      time: ms(trace.unsealMs),
    },
    {
      name: "2. Middleware",
      detail:
        "Skipped: this request carried a session cookie, so the page's own check against the database decides. The middleware answers only visitors without one, sending them to the login page before any page code runs.",
      time: "(not run)",
    },
    {
      name: "3. Session row",
      detail: current ? (
        <>
          <code>{trace.keyHashPrefix}…</code> (SHA-256 of the key), created <DateTime value={current.session.createdAt} />, expires{" "}
          <DateTime value={current.session.expiresAt} /> (at the latest <DateTime value={current.session.absoluteExpiresAt} />
          ); {current.session.renewed ? "this request slid the expiry forward (one write)." : "not renewed by this request (no write)."}
        </>
      ) : (
        "None found."
      ),
      time: ms(trace.queryMs),
    },
    {
      name: "4. User row",
      detail: current
        ? `#${current.user.id} ${current.user.username}: active ${current.user.isActive ? "yes" : "no"}, staff ${current.user.isStaff ? "yes" : "no"} (same query as the session).`
        : "None.",
      time: "(joined with 3)",
    },
    {
      name: "5. Access control",
      detail: current ? "requireUser(): allowed, an active user with a live session." : "requireUser(): redirect to the login.",
      // requireUser() triggered layers 1 and 3; this is what the decision itself added.
      time: ms(Math.max(0, accessMs - trace.unsealMs - trace.queryMs)),
    },
    {
      name: "6. Authentication level",
      detail: current ? <span data-testid="auth-level">{authLevel(current.session)}</span> : "None.",
      time: "(from 3)",
    },
  ];
  return (
    <details className="inspector" open>
      <summary>How this request was authenticated</summary>
      <table data-testid="lifecycle-inspector">
        <thead>
          <tr>
            <th scope="col">Layer</th>
            <th scope="col">What happened</th>
            <th scope="col">Time</th>
          </tr>
        </thead>
        <tbody>
          {layers.map((layer) => (
            <tr key={layer.name}>
              <th scope="row">{layer.name}</th>
              <td>{layer.detail}</td>
              <td>{layer.time}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
