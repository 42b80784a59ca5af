import { sealData } from "iron-session";
import { afterEach, describe, expect, it } from "vitest";
import { sealSessionKey, unsealSessionKey } from "@/lib/auth/cookies";
import { sessionSecrets } from "@/lib/auth/secrets/secret";
import { secretId, secretProblem } from "@/lib/auth/secrets/secret-rules.mjs";
import { generateSessionKey } from "@/lib/auth/session/records";

const original = { current: process.env.SESSION_SECRET, fallbacks: process.env.SESSION_SECRET_FALLBACKS };
afterEach(() => {
  process.env.SESSION_SECRET = original.current;
  if (original.fallbacks === undefined) delete process.env.SESSION_SECRET_FALLBACKS;
  else process.env.SESSION_SECRET_FALLBACKS = original.fallbacks;
});

const OLD = "old-secret-KJ2h3k4j5h6g7f8d9s0a-old";
const NEW = "new-secret-QW1e2r3t4y5u6i7o8p9-new";

describe("session secret", () => {
  it("refuses short, sample and low-variety secrets with the reason", () => {
    expect(secretProblem("short")).toContain("at least 32 characters");
    expect(secretProblem("complex_password_at_least_32_characters_long")).toContain("published sample");
    expect(secretProblem("please-change-me-to-something-random-0123")).toContain("published sample");
    expect(secretProblem("abababababababababababababababab")).toContain("different characters");
    expect(secretProblem(NEW)).toBeNull();
    process.env.SESSION_SECRET = "complex_password_at_least_32_characters_long";
    expect(() => sessionSecrets()).toThrow(/published sample/);
  });

  it("rotates without logging anyone out: old seals open through SESSION_SECRET_FALLBACKS", async () => {
    const key = generateSessionKey();
    process.env.SESSION_SECRET = OLD;
    delete process.env.SESSION_SECRET_FALLBACKS;
    const sealedBefore = await sealSessionKey(key);

    process.env.SESSION_SECRET = NEW;
    expect(await unsealSessionKey(sealedBefore)).toBeNull();
    process.env.SESSION_SECRET_FALLBACKS = OLD;
    expect(await unsealSessionKey(sealedBefore)).toBe(key);
    // New seals use the new secret only.
    const sealedAfter = await sealSessionKey(key);
    process.env.SESSION_SECRET = NEW;
    delete process.env.SESSION_SECRET_FALLBACKS;
    expect(await unsealSessionKey(sealedAfter)).toBe(key);
    expect(await unsealSessionKey(sealedBefore)).toBeNull();
  });

  it("never opens a seal made with a secret it does not hold, whatever id the seal claims", async () => {
    process.env.SESSION_SECRET = NEW;
    const forged = await sealData({ k: generateSessionKey(), p: "session" }, { password: { [secretId(NEW)]: OLD } });
    expect(await unsealSessionKey(forged)).toBeNull();
  });
});
