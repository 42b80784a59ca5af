import { describe, expect, it } from "vitest";
import { sealSessionKey, sessionCookieName, sessionCookieOptions, unsealSessionKey } from "@/lib/auth/cookie";
import { generateSessionKey } from "@/lib/auth/session";

describe("session cookie", () => {
  it("round-trips the session key and nothing else", async () => {
    const key = generateSessionKey();
    const sealed = await sealSessionKey(key);
    expect(sealed).not.toContain(key);
    expect(await unsealSessionKey(sealed)).toBe(key);
  });

  it("reads tampered, truncated, foreign and empty values as anonymous", async () => {
    const sealed = await sealSessionKey(generateSessionKey());
    const flipped = sealed.slice(0, 40) + (sealed[40] === "a" ? "b" : "a") + sealed.slice(41);
    for (const value of [flipped, sealed.slice(0, -5), "garbage", "", undefined, "Fe26.2**x*y*z", "x".repeat(5000)]) {
      expect(await unsealSessionKey(value)).toBeNull();
    }
  });

  it("rejects a seal made with another secret", async () => {
    const { sealData } = await import("iron-session");
    const forged = await sealData({ k: generateSessionKey() }, { password: "another-secret-another-secret-0123456789" });
    expect(await unsealSessionKey(forged)).toBeNull();
  });

  it("uses Django's cookie name and safe attributes; persistent only when asked", () => {
    expect(sessionCookieName()).toBe("sessionid");
    expect(sessionCookieOptions(false)).toEqual({ httpOnly: true, sameSite: "lax", path: "/", secure: false });
    expect(sessionCookieOptions(true).maxAge).toBeGreaterThan(0);
  });
});
