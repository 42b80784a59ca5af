import "server-only";

/**
 * SimpleWebAuthn, with its ASN.1, X.509 and COSE stack (about 5 MB of heap), loaded by the first
 * passkey ceremony rather than by every worker at start: most requests never meet a passkey.
 */
export const webauthn = () => import("@simplewebauthn/server");
