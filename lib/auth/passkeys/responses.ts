import "server-only";
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { z } from "zod";

// What a browser sends back from a ceremony: JSON text, bounded, parsed and shaped here before
// SimpleWebAuthn sees it. Unknown keys are dropped; absent optional ones may come as null.

/** Largest response accepted, in characters of JSON (an attestation with certificates fits). */
export const MAX_RESPONSE_LENGTH = 32 * 1024;

const base64url = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z0-9_-]*$/, "not base64url");
const attachment = z
  .enum(["platform", "cross-platform"])
  .nullish()
  .transform((value) => value ?? undefined);
const extensions = z
  .record(z.string(), z.unknown())
  .nullish()
  .transform((value) => value ?? {});

const registrationSchema = z.object({
  id: base64url(1400).min(1),
  rawId: base64url(1400).min(1),
  type: z.literal("public-key"),
  authenticatorAttachment: attachment,
  clientExtensionResults: extensions,
  response: z.object({
    clientDataJSON: base64url(4096),
    attestationObject: base64url(24 * 1024),
    authenticatorData: base64url(8192)
      .nullish()
      .transform((value) => value ?? undefined),
    transports: z
      .array(z.string().max(32))
      .max(10)
      .nullish()
      .transform((value) => value ?? undefined),
    publicKeyAlgorithm: z
      .number()
      .int()
      .nullish()
      .transform((value) => value ?? undefined),
    publicKey: base64url(8192)
      .nullish()
      .transform((value) => value ?? undefined),
  }),
});

const authenticationSchema = z.object({
  id: base64url(1400).min(1),
  rawId: base64url(1400).min(1),
  type: z.literal("public-key"),
  authenticatorAttachment: attachment,
  clientExtensionResults: extensions,
  response: z.object({
    clientDataJSON: base64url(4096),
    authenticatorData: base64url(8192),
    // Room for post-quantum signatures: ML-DSA-87's is 4,627 bytes (Chromium offers ML-DSA-44).
    signature: base64url(8192),
    userHandle: base64url(256)
      .nullish()
      .transform((value) => value ?? undefined),
  }),
});

function parse<T>(schema: z.ZodType<T>, text: unknown): T | null {
  if (typeof text !== "string" || text.length > MAX_RESPONSE_LENGTH) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export function parseRegistrationResponse(text: unknown): RegistrationResponseJSON | null {
  return parse(registrationSchema, text) as RegistrationResponseJSON | null;
}

export function parseAuthenticationResponse(text: unknown): AuthenticationResponseJSON | null {
  return parse(authenticationSchema, text) as AuthenticationResponseJSON | null;
}
