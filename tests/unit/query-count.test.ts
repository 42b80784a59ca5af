import { beforeEach, describe, expect, it } from "vitest";
import { onStatement } from "@/lib/db";
import { authConfig } from "@/lib/auth/config";
import { clearUnsealCache, sealSessionKey, unsealSession } from "@/lib/auth/cookies";
import { sessionSecrets } from "@/lib/auth/secrets/secret";
import { createSession, loadSession } from "@/lib/auth/session/records";
import { sealData } from "iron-session";
import { createTestUser } from "../support/users";

// The authenticated request's hot path, counted where statements reach the database driver
// (lib/db.ts onStatement, on with PRISMA_QUERY_EVENTS=1 from vitest.config.ts), so the lookup that
// skips Prisma's engine counts like every Prisma query: one indexed read of the session joined
// with its user, and a write only when the sliding expiry is renewed (at most once a minute).

const queries: string[] = [];
onStatement((sql) => queries.push(sql));

describe("queries per authenticated request", () => {
  beforeEach(() => {
    queries.length = 0;
  });

  it("looking up a session and its user is one query, with no write", async () => {
    const { user } = await createTestUser();
    const { key } = await createSession(user.id);
    queries.length = 0;
    const loaded = await loadSession(key);
    expect(loaded?.user?.id).toBe(user.id);
    expect(queries).toHaveLength(1);
    expect(queries[0]!.trim()).toMatch(/^SELECT/);
    expect(queries[0]).toMatch(/JOIN "auth_user"/);
  });

  it("renewing the sliding expiry adds one write, at most once a minute", async () => {
    const { user } = await createTestUser();
    const { key } = await createSession(user.id);
    const later = new Date(Date.now() + (authConfig.sessionRenewInterval + 1) * 1000);
    queries.length = 0;
    expect((await loadSession(key, later))?.session.renewed).toBe(true);
    expect(queries).toHaveLength(2);
    queries.length = 0;
    expect((await loadSession(key, new Date(later.getTime() + 1000)))?.session.renewed).toBe(false);
    expect(queries).toHaveLength(1);
  });
});

describe("the unseal cache", () => {
  it("remembers a good seal, never a forged one, and still honours the seal's expiry on a hit", async () => {
    clearUnsealCache();
    const key = "k".repeat(43);
    const sealed = await sealSessionKey(key);
    expect(await unsealSession(sealed)).toEqual({ key, anonymous: false });
    expect(await unsealSession(sealed)).toEqual({ key, anonymous: false });
    const forged = sealed.replace(/([A-Za-z0-9_-])~2$/, (_, last: string) => `${last === "A" ? "B" : "A"}~2`);
    expect(forged).not.toBe(sealed);
    expect(await unsealSession(forged)).toBeNull();

    // A seal that expires in one second: accepted and remembered now, refused from the cache after.
    const short = await sealData({ k: key, p: "session" }, { password: sessionSecrets().seal, ttl: 1 });
    expect(await unsealSession(short)).toEqual({ key, anonymous: false });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await unsealSession(short)).toBeNull();
  });
});
