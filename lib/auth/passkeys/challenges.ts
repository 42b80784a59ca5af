import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { db } from "../../db";
import { isUniqueViolation } from "../errors";
import { hashSessionKey } from "../session/records";
import { sealFor, unsealFor } from "../secrets/seal";
import { CEREMONY_TTL } from "./relying-party";

// A WebAuthn challenge travels to the browser and back sealed for its ceremony (registration,
// login, step-up): the seal names the ceremony, and for registration and step-up the user, their
// auth_version and this session, so it is refused anywhere else. Each is accepted once: answering
// records its hash in auth_webauthn_challenge, and a second answer finds it there.

export type Ceremony = "passkey_registration" | "passkey_login" | "passkey_step_up";

/** Who a challenge was made for: nobody yet (login), or this user on this session. */
export type ChallengeOwner = { userId: number; authVersion: number; sessionKey: string } | null;

const ticketSchema = z.object({
  c: z.string().min(32).max(128),
  u: z.number().int().nullable(),
  v: z.number().int().nullable(),
  s: z.string().nullable(),
  h: z.string().max(128).nullable(),
});

const sessionTag = (key: string) => hashSessionKey(key).slice(0, 32);

/** 32 random bytes for SimpleWebAuthn's options, whose `challenge` is then their base64url. */
export const challengeBytes = (): Uint8Array<ArrayBuffer> => new Uint8Array(randomBytes(32));

/** The sealed ticket of a ceremony's challenge. `handle`: the WebAuthn user id a registration offers. */
export async function sealChallenge(ceremony: Ceremony, challenge: string, owner: ChallengeOwner, handle: string | null = null): Promise<string> {
  return sealFor(
    ceremony,
    { c: challenge, u: owner?.userId ?? null, v: owner?.authVersion ?? null, s: owner ? sessionTag(owner.sessionKey) : null, h: handle },
    CEREMONY_TTL,
  );
}

/**
 * The challenge of a ticket for this ceremony and owner, claimed so it cannot be answered again;
 * null for a ticket that is forged, expired, for another ceremony, user or session, or used.
 */
export async function claimChallenge(ceremony: Ceremony, ticket: string, owner: ChallengeOwner): Promise<{ challenge: string; handle: string | null } | null> {
  const parsed = ticketSchema.safeParse(await unsealFor(ceremony, ticket, CEREMONY_TTL));
  if (!parsed.success) return null;
  const { c, u, v, s, h } = parsed.data;
  if (owner ? u !== owner.userId || v !== owner.authVersion || s !== sessionTag(owner.sessionKey) : u !== null) return null;
  const hash = createHash("sha256").update(c).digest("hex");
  // The seal is good for CEREMONY_TTL from its making, and iron-session allows 60 s of clock skew
  // past it: keeping the hash that long from now covers both.
  const expiresAt = new Date(Date.now() + (CEREMONY_TTL + 60) * 1000);
  try {
    await db.usedChallenge.create({ data: { hash, expiresAt } });
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
  return { challenge: c, handle: h };
}

/** Deletes the records of challenges that can no longer be answered anyway (the cleanup). */
export async function deleteExpiredChallenges(now = new Date()): Promise<number> {
  return (await db.usedChallenge.deleteMany({ where: { expiresAt: { lt: now } } })).count;
}
