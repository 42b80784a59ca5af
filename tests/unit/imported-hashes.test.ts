import { createHash } from "node:crypto";
import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";
import { authenticate } from "@/lib/auth";
import { bcryptWorkDone } from "@/lib/auth/password/pool";
import { authConfig } from "@/lib/auth/config";
import { burnPasswordCheck, checkPassword, hashPassword, warmPasswordHasher } from "@/lib/auth/password/hash";
import { db } from "@/lib/db";
import { createTestUser } from "../support/users";

// Hashes imported from Django at other costs and in other formats: what a login costs with each,
// counted as bcrypt work (2^cost per hash the pool computes) rather than timed, so the comparison
// with an unknown user's login is exact on any machine.

const PASSWORD = "correct horse battery staple";
const prehash = (password: string) => createHash("sha256").update(password).digest("hex");
const djangoBcryptSha256 = (password: string, cost: number) => `bcrypt_sha256$${bcrypt.hashSync(prehash(password), cost)}`;
const djangoBcrypt = (password: string, cost: number) => `bcrypt$${bcrypt.hashSync(password, cost)}`;
/** A well-formed bcrypt hash of another cost: checking it computes that cost (its digest matches nothing). */
const atCost = (stored: string, cost: number) => stored.replace(/\$2b\$\d\d\$/, `$2b$${cost}$`);

// From Django 3.2's own hashers (tests/unit/django-hashes.test.ts), all of PASSWORD.
const PBKDF2_FEW = "pbkdf2_sha256$1000$fixedsalt123$2opng+K9Tcw5bJM88h8C5dsooPAIobrXZMTQQZ59ntU=";
const PBKDF2_SHA1 = "pbkdf2_sha1$1000$fixedsalt123$aX/HuGXIJD9U62wewqcVK5mK6q8=";
const SCRYPT = "scrypt$16384$fixedsalt123$8$1$eQGLrDlMpiTBVkZMjm999PEgnR3v0adOAAs+a69WGwihVt7U6UBwlYBgB26bbvqeyK9SZBa1FxWWeANUtDzjsw==";
const ARGON2 = "argon2$argon2id$v=19$m=102400,t=2,p=8$YVVJbzBKemEwRVlIcEVzUmlWSTNxUw$VvzgmwBNE5JlbxTXVX4czA";

const APP_COST = authConfig.bcryptCost;
const below = APP_COST - 1;
const above = APP_COST + 2;

async function workOf(check: () => Promise<unknown>): Promise<number> {
  const before = bcryptWorkDone();
  await check();
  return bcryptWorkDone() - before;
}

/** Every stored form a login can meet, with the bcrypt cost of the hash itself (0 when it is not bcrypt). */
async function storedForms(): Promise<[string, string, number][]> {
  return [
    ["this app's own hash", await hashPassword(PASSWORD), APP_COST],
    [`bcrypt_sha256 at cost ${below}`, djangoBcryptSha256(PASSWORD, below), below],
    [`bcrypt_sha256 at cost ${above}`, djangoBcryptSha256(PASSWORD, above), above],
    [`bcrypt at cost ${below}`, djangoBcrypt(PASSWORD, below), below],
    [`bcrypt at cost ${above}`, djangoBcrypt(PASSWORD, above), above],
    ["pbkdf2_sha256, 1000 iterations", PBKDF2_FEW, 0],
    ["pbkdf2_sha1", PBKDF2_SHA1, 0],
    ["scrypt", SCRYPT, 0],
    ["unusable", "!eCNZT8RX8GF5oT8NF6kcUxFSjwFcDY4BA4m9DPfF", 0],
    ["argon2 (unsupported)", ARGON2, 0],
  ];
}

describe("the cost of a login with an imported hash", () => {
  it("is an unknown user's on every path, or more only by a hash's own higher cost", async () => {
    await warmPasswordHasher();
    const stored = await storedForms();
    const outOfBounds: string[] = [];
    // An ASCII guess, and one that NFKC changes (a bcrypt_sha256 check then tries both forms).
    for (const guess of ["a wrong password", "ﬁne-wrong-①"]) {
      const unknownUser = await workOf(() => burnPasswordCheck(guess));
      expect(unknownUser).toBeGreaterThanOrEqual(2 ** APP_COST);
      for (const [name, hash, ownCost] of stored) {
        const work = await workOf(() => checkPassword(guess, hash));
        // Each bcrypt try costs the app's cost, or the hash's own when that is higher.
        const most = unknownUser * 2 ** Math.max(0, ownCost - APP_COST);
        if (work < unknownUser || work > most)
          outOfBounds.push(`${name}, guess ${JSON.stringify(guess)}: ${work} (unknown user: ${unknownUser}, at most ${most})`);
      }
    }
    for (const [name, hash] of stored) {
      const work = await workOf(() => checkPassword(PASSWORD, hash));
      if (work < 2 ** APP_COST) outOfBounds.push(`${name}, right password: ${work} (at least ${2 ** APP_COST})`);
    }
    expect(outOfBounds).toEqual([]);
  });

  it("refuses a bcrypt hash above cost 16 without computing it", async () => {
    await warmPasswordHasher();
    const unknownUser = await workOf(() => burnPasswordCheck(PASSWORD));
    for (const stored of [atCost(djangoBcrypt(PASSWORD, 4), 17), atCost(djangoBcryptSha256(PASSWORD, 4), 17)]) {
      let check: Awaited<ReturnType<typeof checkPassword>> | undefined;
      const work = await workOf(async () => (check = await checkPassword(PASSWORD, stored)));
      expect(check).toMatchObject({ valid: false, format: { kind: "unsupported", reason: expect.stringContaining("cost 17") } });
      expect(work).toBe(unknownUser);
    }
  }, 120_000);

  it("logs in once with a weak imported hash and replaces it with this app's", async () => {
    for (const weak of [PBKDF2_FEW, PBKDF2_SHA1, djangoBcrypt(PASSWORD, 4), djangoBcryptSha256(PASSWORD, 4)]) {
      const { user } = await createTestUser();
      await db.user.update({ where: { id: user.id }, data: { passwordHash: weak } });
      expect(await authenticate(user.username, PASSWORD)).not.toBeNull();
      const replaced = (await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash;
      expect(replaced).toMatch(/^bcrypt_sha256\$/);
      expect(bcrypt.getRounds(replaced.slice("bcrypt_sha256$".length))).toBe(APP_COST);
      expect(await authenticate(user.username, PASSWORD)).not.toBeNull();
    }
  });
});
