import { describe, expect, it } from "vitest";
import { throttleConfig } from "@/lib/auth/config";
import { hit, throttleKey } from "@/lib/auth/throttle/backoff";
import { randomUsername } from "../support/users";

// Instances share the counters but not a clock: each request stamps its attempt with its own
// Date.now(), and concurrent requests reach the database in any order. An attempt stamped a few
// milliseconds before the last one must not find itself blocked while no wait is due.

describe("throttle counters shared by instances with slightly different clocks", () => {
  it("does not block an attempt stamped just before the previous one while attempts are free", async () => {
    const key = throttleKey("login:account", randomUsername());
    const now = Date.now();
    expect(await hit("login:account", key, { enforce: true, now })).toEqual({ allowed: true });
    expect(await hit("login:account", key, { enforce: true, now: now - 5 })).toEqual({ allowed: true });
    expect(await hit("login:account", key, { enforce: true, now: now + 1 })).toEqual({ allowed: true });
  });

  it("still blocks once the free attempts are used up", async () => {
    const key = throttleKey("login:account", randomUsername());
    const now = Date.now();
    for (let n = 0; n < throttleConfig.loginAccountFree; n++) await hit("login:account", key, { enforce: true, now: now - n });
    expect((await hit("login:account", key, { enforce: true, now: now - 10 })).allowed).toBe(false);
  });
});
