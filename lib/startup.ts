import { warmPasswordHasher } from "./auth/password";
import { sessionSecrets } from "./auth/secret";

/**
 * Refuses to serve without a usable session secret (rather than failing on the first login), and
 * precomputes the hash that unknown-user logins are checked against.
 */
export function checkAndWarm(): void {
  try {
    sessionSecrets();
  } catch (error) {
    console.error(`seed: ${(error as Error).message}`);
    process.exit(1);
  }
  void warmPasswordHasher();
}
