import { describe, expect, it } from "vitest";
import { sealSessionKey, sessionCookieName, sessionCookieOptions, unsealSessionKey } from "@/lib/auth/cookies";
import { generateSessionKey } from "@/lib/auth/session/records";

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
    const forged = await sealData({ k: generateSessionKey(), p: "session" }, { password: "another-secret-another-secret-0123456789" });
    expect(await unsealSessionKey(forged)).toBeNull();
  });

  it("refuses a seal made with the right secret for another purpose, or for none", async () => {
    const { sealData } = await import("iron-session");
    const { sealFor } = await import("@/lib/auth/secrets/seal");
    const { sessionSecrets } = await import("@/lib/auth/secrets/secret");
    const k = generateSessionKey();
    for (const forged of [
      await sealFor("totp_setup", { k, s: "JBSWY3DPEHPK3PXP", u: 1 }, 600),
      await sealFor("recovery_codes", { k, c: [], u: 1 }, 600),
      await sealData({ k }, { password: sessionSecrets().seal }),
    ]) {
      expect(await unsealSessionKey(forged)).toBeNull();
    }
    expect(await unsealSessionKey(await sealFor("session", { k }, 600))).toBe(k);
  });

  it("uses Django's cookie name and safe attributes; persistent only when asked", () => {
    expect(sessionCookieName()).toBe("sessionid");
    expect(sessionCookieOptions(false)).toEqual({ httpOnly: true, sameSite: "lax", path: "/", secure: false });
    expect(sessionCookieOptions(true).maxAge).toBeGreaterThan(0);
  });
});
