import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";
import { authConfig } from "@/lib/auth/config";
import { hashPassword, passwordNeedsRehash, verifyPassword } from "@/lib/auth/password/hash";

describe("password hashing", () => {
  it("stores Django's bcrypt_sha256 format at the configured cost, never the password", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^bcrypt_sha256\$\$2[aby]\$\d\d\$/);
    expect(hash).not.toContain("correct horse battery");
    expect(bcrypt.getRounds(hash.slice("bcrypt_sha256$".length))).toBe(authConfig.bcryptCost);
  });

  it("verifies the right password and refuses a wrong one", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse batterz", hash)).toBe(false);
    expect(await verifyPassword("", hash)).toBe(false);
  });

  it("does not truncate at bcrypt's 72 bytes", async () => {
    const long = "a".repeat(72);
    const hash = await hashPassword(`${long}X`);
    expect(await verifyPassword(`${long}X`, hash)).toBe(true);
    expect(await verifyPassword(`${long}Y`, hash)).toBe(false);
    expect(await verifyPassword(long, hash)).toBe(false);
    // bcryptjs alone would accept the wrong password here:
    const raw = await bcrypt.hash(`${long}X`, 4);
    expect(await bcrypt.compare(`${long}Y`, raw)).toBe(true);
  });

  it("treats Unicode-equivalent spellings (NFKC) as the same password", async () => {
    const hash = await hashPassword("ﬁrst-password");
    expect(await verifyPassword("first-password", hash)).toBe(true);
  });

  it("refuses hashes it cannot verify instead of throwing", async () => {
    expect(await verifyPassword("anything", "!unusable")).toBe(false);
    expect(await verifyPassword("anything", "bcrypt_sha256$garbage")).toBe(false);
    expect(await verifyPassword("anything", "pbkdf2_sha256$1$salt$hash")).toBe(false);
  });

  it("asks for a rehash when the stored cost is below the configured one", async () => {
    const weak = `bcrypt_sha256$${await bcrypt.hash("x", authConfig.bcryptCost - 1)}`;
    expect(passwordNeedsRehash(weak)).toBe(true);
    expect(passwordNeedsRehash(await hashPassword("x"))).toBe(false);
    expect(passwordNeedsRehash("!unusable")).toBe(true);
  });
});
