"use client";
import { startAuthentication, startRegistration, WebAuthnError } from "@simplewebauthn/browser";
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";

// The browser's half of a ceremony: the options from a server action in, the response out as
// JSON text (bounded and parsed on the server), or the words for why the browser said no.

export type BrowserAnswer = { ok: true; response: string } | { ok: false; message: string | null };

function refusal(error: unknown): { ok: false; message: string | null } {
  const name = error instanceof WebAuthnError ? (error.cause as Error | undefined)?.name : (error as Error | undefined)?.name;
  if (name === "AbortError") return { ok: false, message: null }; // another ceremony took over
  if (error instanceof WebAuthnError && error.code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED") {
    return { ok: false, message: "This device already holds a passkey for your account." };
  }
  if (name === "NotAllowedError") return { ok: false, message: "The passkey request was cancelled or timed out. Try again." };
  return { ok: false, message: "Your browser could not use a passkey here." };
}

export async function createPasskey(options: PublicKeyCredentialCreationOptionsJSON): Promise<BrowserAnswer> {
  try {
    return { ok: true, response: JSON.stringify(await startRegistration({ optionsJSON: options })) };
  } catch (error) {
    return refusal(error);
  }
}

export async function answerWithPasskey(options: PublicKeyCredentialRequestOptionsJSON, autofill = false): Promise<BrowserAnswer> {
  try {
    return { ok: true, response: JSON.stringify(await startAuthentication({ optionsJSON: options, useBrowserAutofill: autofill })) };
  } catch (error) {
    return refusal(error);
  }
}
