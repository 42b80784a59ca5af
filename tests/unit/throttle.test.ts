import { describe, expect, it } from "vitest";
import { db, onStatement } from "@/lib/db";
import { throttleConfig } from "@/lib/auth/config";
import { delayAfter, hit, pruneThrottles, resetThrottle, secondsBlocked, throttleKey } from "@/lib/auth/throttle/backoff";
import { randomUsername } from "../support/users";

const free = throttleConfig.loginAccountFree;

describe("throttle", () => {
  it("lets the free attempts through, then doubles the wait up to the cap", () => {
    for (let n = 1; n < free; n++) expect(delayAfter("login:account", n)).toBe(0);
    expect(delayAfter("login:account", free)).toBe(throttleConfig.baseDelay);
    expect(delayAfter("login:account", free + 1)).toBe(throttleConfig.baseDelay * 2);
    expect(delayAfter("login:account", free + 2)).toBe(throttleConfig.baseDelay * 4);
    expect(delayAfter("login:account", free + 100)).toBe(throttleConfig.maxDelay);
  });

  it("refuses an enforced attempt while blocked, and never stores the subject", async () => {
    const subject = randomUsername();
    const key = throttleKey("login:account", subject);
    expect(key).not.toContain(subject);
    const now = Date.now();
    for (let n = 0; n < free; n++) expect((await hit("login:account", key, { enforce: true, now })).allowed).toBe(true);
    expect(await hit("login:account", key, { enforce: true, now })).toEqual({
      allowed: false,
      retryAfter: throttleConfig.baseDelay,
    });
    expect(await secondsBlocked([key], now)).toBe(throttleConfig.baseDelay);
    // Once the wait is over one more attempt goes through, and the next wait is longer.
    const later = now + throttleConfig.baseDelay * 1000;
    expect((await hit("login:account", key, { enforce: true, now: later })).allowed).toBe(true);
    expect(await secondsBlocked([key], later)).toBe(throttleConfig.baseDelay * 2);
  });

  it("counts the same account whatever the case of the name", () => {
    expect(throttleKey("login:account", "Alice")).toBe(throttleKey("login:account", "alice"));
    expect(throttleKey("login:account", "alice")).not.toBe(throttleKey("login:client", "alice"));
  });

  it("lets exactly the free attempts through a burst of parallel ones", async () => {
    const key = throttleKey("login:account", randomUsername());
    const now = Date.now();
    const results = await Promise.all(Array.from({ length: 20 }, () => hit("login:account", key, { enforce: true, now })));
    expect(results.filter((r) => r.allowed)).toHaveLength(free);
    const row = await db.throttle.findUniqueOrThrow({ where: { key } });
    expect(row.attempts).toBe(free);
  });

  it("computes in the database the same waits as delayAfter, up to the cap, in one statement per attempt", async () => {
    const key = throttleKey("login:account", randomUsername());
    const now = Date.now();
    const statements: string[] = [];
    const stop = onStatement((sql) => statements.push(sql));
    try {
      for (let n = 1; n <= free + 20; n++) {
        statements.length = 0;
        expect((await hit("login:account", key, { enforce: false, now })).allowed).toBe(true);
        expect(statements).toHaveLength(1);
        const row = await db.throttle.findUniqueOrThrow({ where: { key } });
        expect(row.attempts).toBe(n);
        const delay = delayAfter("login:account", n);
        expect(Number(row.blockedUntil)).toBe(delay > 0 ? now + delay * 1000 : 0);
      }
    } finally {
      stop();
    }
    expect(await secondsBlocked([key], now)).toBe(throttleConfig.maxDelay);
  });

  it("keeps a longer block standing when a later attempt earns a shorter one", async () => {
    const key = throttleKey("login:account", randomUsername());
    const now = Date.now();
    for (let n = 0; n < free + 5; n++) await hit("login:account", key, { enforce: false, now });
    const long = await secondsBlocked([key], now);
    // Later, yet within the reset period: the count goes on and the block only grows.
    const later = now + 1000;
    await hit("login:account", key, { enforce: false, now: later });
    const row = await db.throttle.findUniqueOrThrow({ where: { key } });
    expect(row.attempts).toBe(free + 6);
    expect(Number(row.blockedUntil)).toBeGreaterThanOrEqual(now + long * 1000);
  });

  it("starts over after a quiet period, and on reset", async () => {
    const key = throttleKey("login:account", randomUsername());
    const now = Date.now();
    for (let n = 0; n <= free; n++) await hit("login:account", key, { enforce: false, now });
    expect(await secondsBlocked([key], now)).toBeGreaterThan(0);
    const quiet = now + (throttleConfig.resetAfter + throttleConfig.maxDelay + 1) * 1000;
    expect((await hit("login:account", key, { enforce: true, now: quiet })).allowed).toBe(true);
    expect((await db.throttle.findUniqueOrThrow({ where: { key } })).attempts).toBe(1);
    await resetThrottle(key);
    expect(await db.throttle.count({ where: { key } })).toBe(0);
  });

  it("prunes only counters that are quiet and unblocked", async () => {
    const old = throttleKey("login:client", `old-${randomUsername()}`);
    const fresh = throttleKey("login:client", `fresh-${randomUsername()}`);
    const now = Date.now();
    await hit("login:client", old, { enforce: false, now: now - (throttleConfig.resetAfter + 10) * 1000 });
    await hit("login:client", fresh, { enforce: false, now });
    await pruneThrottles(now);
    expect(await db.throttle.count({ where: { key: old } })).toBe(0);
    expect(await db.throttle.count({ where: { key: fresh } })).toBe(1);
  });
});

describe("throttle keys", () => {
  it("hold a keyed hash of the subject: a plain hash of a guessed name matches no row", async () => {
    const { createHash } = await import("node:crypto");
    const typed = "correct horse battery staple";
    const key = throttleKey("login:account", typed);
    const plain = createHash("sha256").update(typed).digest("hex");
    expect(key).not.toContain(plain.slice(0, 40));
    expect(key).toMatch(/^login:account:[0-9a-f]{40}$/);
    expect(throttleKey("login:account", "Correct Horse Battery Staple")).toBe(key);
  });
});
