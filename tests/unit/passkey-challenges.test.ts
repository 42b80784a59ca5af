import { describe, expect, it, vi } from "vitest";

// WebAuthn challenges (lib/auth/passkeys/challenges.ts) on a real database: each sealed for one
// ceremony and owner, answered once, and the browser's answers bounded before they are parsed.

vi.mock("next/headers", () => ({
  headers: async () => new Headers(),
  cookies: async () => ({ get: () => undefined, set: () => {}, delete: () => {} }),
}));

const { db } = await import("@/lib/db");
const { claimChallenge, deleteExpiredChallenges, sealChallenge } = await import("@/lib/auth/passkeys/challenges");
const { MAX_RESPONSE_LENGTH, parseAuthenticationResponse } = await import("@/lib/auth/passkeys/responses");

const challenge = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
const owner = { userId: 7, authVersion: 2, sessionKey: "a-session-key-of-this-browser" };

describe("passkey challenges", () => {
  it("are accepted once", async () => {
    const c = challenge();
    const ticket = await sealChallenge("passkey_login", c, null);
    expect(await claimChallenge("passkey_login", ticket, null)).toEqual({ challenge: c, handle: null });
    expect(await claimChallenge("passkey_login", ticket, null)).toBeNull();
  });

  it("are refused for another ceremony", async () => {
    const login = await sealChallenge("passkey_login", challenge(), null);
    expect(await claimChallenge("passkey_step_up", login, owner)).toBeNull();
    expect(await claimChallenge("passkey_registration", login, owner)).toBeNull();
    const registration = await sealChallenge("passkey_registration", challenge(), owner, "handle");
    expect(await claimChallenge("passkey_login", registration, null)).toBeNull();
    expect(await claimChallenge("passkey_step_up", registration, owner)).toBeNull();
    // Refused above without being used up: its own ceremony still takes it.
    expect(await claimChallenge("passkey_registration", registration, owner)).not.toBeNull();
  });

  it("are refused for another user, an older auth_version or another session", async () => {
    for (const other of [
      { ...owner, userId: 8 },
      { ...owner, authVersion: 3 },
      { ...owner, sessionKey: "another-browser" },
    ]) {
      const ticket = await sealChallenge("passkey_step_up", challenge(), owner);
      expect(await claimChallenge("passkey_step_up", ticket, other)).toBeNull();
      expect(await claimChallenge("passkey_step_up", ticket, owner)).not.toBeNull();
    }
    const login = await sealChallenge("passkey_login", challenge(), null);
    expect(await claimChallenge("passkey_login", login, owner)).toBeNull();
  });

  it("refuse a tampered ticket, and their records go once expired", async () => {
    const ticket = await sealChallenge("passkey_login", challenge(), null);
    expect(await claimChallenge("passkey_login", `${ticket.slice(0, -2)}xx`, null)).toBeNull();
    expect(await claimChallenge("passkey_login", ticket, null)).not.toBeNull();
    const later = new Date(Date.now() + 10 * 60 * 1000);
    expect(await deleteExpiredChallenges(later)).toBeGreaterThan(0);
    expect(await db.usedChallenge.count({ where: { expiresAt: { lt: later } } })).toBe(0);
  });
});

describe("passkey answers", () => {
  const answer = (signatureLength: number) =>
    JSON.stringify({
      id: "abc",
      rawId: "abc",
      type: "public-key",
      clientExtensionResults: {},
      authenticatorAttachment: null,
      response: { clientDataJSON: "e30", authenticatorData: "AAAA", signature: "s".repeat(signatureLength), userHandle: null },
    });

  it("take a post-quantum signature (ML-DSA-87: 6,170 characters)", () => {
    expect(parseAuthenticationResponse(answer(6170))).toMatchObject({ id: "abc", response: { signature: "s".repeat(6170) } });
    expect(parseAuthenticationResponse(answer(6170))!.response.userHandle).toBeUndefined();
  });

  it("refuse what is not one: too long, not JSON, not base64url, the wrong type", () => {
    expect(parseAuthenticationResponse("x".repeat(MAX_RESPONSE_LENGTH + 1))).toBeNull();
    expect(parseAuthenticationResponse("{")).toBeNull();
    expect(parseAuthenticationResponse(answer(9000))).toBeNull();
    expect(parseAuthenticationResponse(answer(10).replace('"abc"', '"a+c"'))).toBeNull();
    expect(parseAuthenticationResponse(answer(10).replace("public-key", "password"))).toBeNull();
    expect(parseAuthenticationResponse({})).toBeNull();
  });
});
