import type { CDPSession, Page } from "@playwright/test";

// A virtual authenticator in Chromium (the DevTools protocol's WebAuthn domain): a platform
// authenticator with resident keys and user verification that says yes at once, so the real
// browser ceremony runs end to end against the app. It belongs to one page.

export type StoredCredential = {
  credentialId: string;
  isResidentCredential: boolean;
  rpId?: string;
  privateKey: string;
  userHandle?: string;
  signCount: number;
};

export class VirtualAuthenticator {
  private constructor(
    private readonly session: CDPSession,
    readonly id: string,
  ) {}

  static async attach(page: Page): Promise<VirtualAuthenticator> {
    const session = await page.context().newCDPSession(page);
    await session.send("WebAuthn.enable", { enableUI: false });
    const { authenticatorId } = await session.send("WebAuthn.addVirtualAuthenticator", {
      options: {
        protocol: "ctap2",
        transport: "internal",
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    return new VirtualAuthenticator(session, authenticatorId);
  }

  async credentials(): Promise<StoredCredential[]> {
    return (await this.session.send("WebAuthn.getCredentials", { authenticatorId: this.id })).credentials as StoredCredential[];
  }

  async add(credential: StoredCredential): Promise<void> {
    await this.session.send("WebAuthn.addCredential", { authenticatorId: this.id, credential });
  }

  async clear(): Promise<void> {
    await this.session.send("WebAuthn.clearCredentials", { authenticatorId: this.id });
  }

  /**
   * Runs `step` with the authenticator empty, then puts its credentials back: Chromium answers a
   * page's autofill (conditional) request at once when it holds a credential, so a step that must
   * happen before any passkey is used (loading the login page) runs without one.
   */
  async hidden<T>(step: () => Promise<T>): Promise<T> {
    const saved = await this.credentials();
    await this.clear();
    try {
      return await step();
    } finally {
      for (const credential of saved) await this.add(credential);
    }
  }
}
