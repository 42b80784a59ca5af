import { describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { db } from "@/lib/db";
import { authConfig } from "@/lib/auth/config";
import { sealSessionKey, unsealSession } from "@/lib/auth/cookies";
import { parseSessionData } from "@/lib/auth/session/request-session";
import { clearExpired } from "@/lib/auth/cleanup";
import {
  createSession,
  cycleSessionKey,
  generateSessionKey,
  hashSessionKey,
  loadSession,
  saveSessionData,
  validateSessionKey,
} from "@/lib/auth/session/records";
import { middleware } from "@/middleware";
import { createTestUser } from "../support/users";

describe("anonymous sessions and their data", () => {
  it("an anonymous session holds data but no user, and never validates as a login", async () => {
    const { key } = await createSession(null, { data: JSON.stringify({ note: "hi" }) });
    const loaded = await loadSession(key);
    expect(loaded?.user).toBeNull();
    expect(parseSessionData(loaded!.data)).toEqual({ note: "hi" });
    expect(await validateSessionKey(key)).toBeNull();
  });

  it("cycle_key keeps the data under a new key, attaches the user, and kills the old key", async () => {
    const { user } = await createTestUser();
    const { key: oldKey } = await createSession(null, { data: JSON.stringify({ cart: [1, 2] }) });
    const cycled = await cycleSessionKey(oldKey, user.id, { persistent: true });
    expect(cycled).not.toBeNull();
    expect(cycled!.key).not.toBe(oldKey);
    expect(await loadSession(oldKey)).toBeNull();
    const loaded = await loadSession(cycled!.key);
    expect(loaded?.user?.id).toBe(user.id);
    expect(parseSessionData(loaded!.data)).toEqual({ cart: [1, 2] });
    expect(loaded?.session.persistent).toBe(true);
  });

  it("cycle_key can flush the data (another user's session) and says null when the row is gone", async () => {
    const { user } = await createTestUser();
    const { key } = await createSession(user.id, { data: JSON.stringify({ secret: "theirs" }) });
    const cycled = await cycleSessionKey(key, user.id, { flushData: true });
    expect(parseSessionData((await loadSession(cycled!.key))!.data)).toEqual({});
    expect(await cycleSessionKey(generateSessionKey(), user.id)).toBeNull();
  });

  it("saves data into an existing row only", async () => {
    const { key } = await createSession(null);
    expect(await saveSessionData(key, JSON.stringify({ a: 1 }))).toBe(true);
    expect(parseSessionData((await loadSession(key))!.data)).toEqual({ a: 1 });
    expect(await saveSessionData(generateSessionKey(), "{}")).toBe(false);
  });

  it("reads hand-edited or broken data as an empty dictionary", () => {
    for (const text of ["", "[1]", "null", "42", "{broken", '"text"']) expect(parseSessionData(text)).toEqual({});
  });

  it("clearsessions removes expired anonymous sessions like the rest", async () => {
    const past = new Date(Date.now() - (authConfig.sessionIdleTimeout + 60) * 1000);
    const expired = await createSession(null, { now: past });
    const live = await createSession(null);
    await clearExpired();
    expect(await db.session.findUnique({ where: { keyHash: hashSessionKey(expired.key) } })).toBeNull();
    expect(await db.session.findUnique({ where: { keyHash: hashSessionKey(live.key) } })).not.toBeNull();
  });
});

describe("the seal says whether a session is anonymous", () => {
  it("round-trips the flag; seals from before the flag read as logged in", async () => {
    const key = generateSessionKey();
    expect(await unsealSession(await sealSessionKey(key, { anonymous: true }))).toEqual({ key, anonymous: true });
    expect(await unsealSession(await sealSessionKey(key))).toEqual({ key, anonymous: false });
  });

  it("the edge gate redirects an anonymous session's cookie and passes a logged-in one", async () => {
    const key = generateSessionKey();
    const gate = async (sealed: string) => middleware(new NextRequest("http://localhost/profile?tab=1", { headers: { cookie: `sessionid=${sealed}` } }));
    const anonymous = await gate(await sealSessionKey(key, { anonymous: true }));
    expect(anonymous.status).toBe(307);
    expect(anonymous.headers.get("location")).toBe("http://localhost/login?next=%2Fprofile%3Ftab%3D1");
    const loggedIn = await gate(await sealSessionKey(key));
    expect(loggedIn.headers.get("location")).toBeNull();
    expect(loggedIn.headers.get("x-middleware-next")).toBe("1");
  });
});
