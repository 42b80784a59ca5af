import { expect, type Page } from "@playwright/test";
import { Secret, TOTP } from "otpauth";
import { TwoFactorPage } from "./pages/account-pages";

/** The code of the time step `offset` steps from `now` (the server accepts -1, 0 and +1). */
export function totpCode(secret: string, offset = 0, now = Date.now()): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: "SHA1" }).generate({ timestamp: now + offset * 30_000 });
}

/**
 * Turns two-factor authentication on for the logged-in page's user with the code of `now`'s step;
 * returns the secret. The step after it (`totpCode(secret, 1, now)`) is then still unused.
 */
export async function enableTotp(page: Page, now = Date.now()): Promise<string> {
  const twoFactor = new TwoFactorPage(page);
  await twoFactor.goto();
  const secret = await twoFactor.begin();
  await twoFactor.confirm(totpCode(secret, 0, now));
  await expect(twoFactor.recoveryCodes).toHaveCount(10);
  return secret;
}
