import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { authenticate } from "@/lib/auth";
import { listAuthEvents, recentEventsOfUser } from "@/lib/auth/audit/trail";
import { clearExpired } from "@/lib/auth/cleanup";
import { authEvent } from "@/lib/auth/audit/record";
import { createTestUser, randomUsername } from "../support/users";

// The audit trail as lib/auth writes it. The events a request causes (login, logout, …) are
// checked through the running app in e2e/audit-events.spec.ts.

const DAY = 24 * 60 * 60 * 1000;

afterEach(() => vi.restoreAllMocks());

describe("the audit trail (auth_event)", () => {
  it("records an event with the user, name and detail; outside a request the client is unknown", async () => {
    const { user } = await createTestUser();
    await authEvent("email_changed", { userId: user.id, username: user.username, detail: "a detail" });
    const [row] = await recentEventsOfUser(user.id, 5);
    expect(row).toMatchObject({ event: "email_changed", userId: user.id, username: user.username, detail: "a detail", ipAddress: null, userAgent: null });
    expect(Date.now() - row!.createdAt.getTime()).toBeLessThan(60_000);
  });

  it("cuts what a client controls to bounded lengths and drops NUL characters", async () => {
    const username = `${randomUsername()}\0${"x".repeat(500)}`;
    await authEvent("login_failed", { username, detail: "credentials" });
    const { events } = await listAuthEvents({ username: username.replace("\0", "").slice(0, 150) }, 0, 5);
    expect(events).toHaveLength(1);
    expect(events[0]!.username).toHaveLength(150);
  });

  it("never fails the caller when the write fails, and logs only the error's name", async () => {
    vi.spyOn(db.authEvent, "create").mockRejectedValue(new Error("SQL with a secret value"));
    await expect(authEvent("logout", { userId: 1, username: "someone" })).resolves.toBeUndefined();
  });

  it("waits at most a quarter of a second for a slow write", async () => {
    vi.spyOn(db.authEvent, "create").mockReturnValue(new Promise(() => {}) as never);
    const started = performance.now();
    await authEvent("logout", { userId: 1, username: "someone" });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("records the upgrade of an imported Django hash, without the hash or the password", async () => {
    const { user } = await createTestUser();
    // Django 3.2's PBKDF2PasswordHasher, 1,000 iterations, password "correct horse battery staple".
    const django = "pbkdf2_sha256$1000$fixedsalt123$2opng+K9Tcw5bJM88h8C5dsooPAIobrXZMTQQZ59ntU=";
    await db.user.update({ where: { id: user.id }, data: { passwordHash: django } });
    expect(await authenticate(user.username, "correct horse battery staple")).not.toBeNull();
    const stored = (await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash;
    expect(stored).toMatch(/^bcrypt_sha256\$\$2b\$/);
    const [row] = await recentEventsOfUser(user.id, 1);
    expect(row).toMatchObject({ event: "hash_upgraded", detail: "from pbkdf2_sha256, 1000 iterations" });
    const text = JSON.stringify(await recentEventsOfUser(user.id, 10));
    for (const secret of ["correct horse", "fixedsalt123", "2opng", stored.slice(20, 40)]) expect(text).not.toContain(secret);
  });

  it("prunes events past the retention period in batches and keeps the rest; 0 keeps everything", async () => {
    const username = randomUsername();
    const now = Date.now();
    const ages = [200, 120, 91, 89, 1];
    await db.authEvent.createMany({ data: ages.map((days) => ({ event: "login", username, createdAt: new Date(now - days * DAY) })) });
    const left = async () => (await listAuthEvents({ username }, 0, 10)).events.length;

    expect((await clearExpired({ eventRetentionDays: 0 })).events).toBe(0);
    expect(await left()).toBe(5);
    const result = await clearExpired({ eventRetentionDays: 90, batchSize: 2 });
    expect(result.events).toBeGreaterThanOrEqual(3); // other tests' rows are younger than 90 days
    expect(await left()).toBe(2);
  });

  it("lists events newest first with filters by event, name or account, and dates", async () => {
    const { user } = await createTestUser();
    const now = Date.now();
    await db.authEvent.createMany({
      data: [
        { event: "login", userId: user.id, username: user.username, createdAt: new Date(now - 3 * DAY) },
        { event: "logout", userId: user.id, username: user.username, createdAt: new Date(now - 2 * DAY) },
        { event: "login_failed", username: user.username.toUpperCase(), createdAt: new Date(now - DAY) },
      ],
    });
    const byAccount = await listAuthEvents({ userId: user.id, username: user.username.toUpperCase() }, 0, 10);
    expect(byAccount.events.map((e) => e.event)).toEqual(["login_failed", "logout", "login"]);
    expect(byAccount.total).toBe(3);
    expect((await listAuthEvents({ userId: user.id, event: "logout" }, 0, 10)).events).toHaveLength(1);
    const window = await listAuthEvents({ userId: user.id, from: new Date(now - 2.5 * DAY), until: new Date(now - 1.5 * DAY) }, 0, 10);
    expect(window.events.map((e) => e.event)).toEqual(["logout"]);
    expect((await listAuthEvents({ userId: user.id }, 1, 1)).events.map((e) => e.event)).toEqual(["login"]); // the failure has no account
  });
});
