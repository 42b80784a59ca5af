import { describe, expect, it } from "vitest";
import { parseHash } from "@/lib/auth/password/formats";
import { checkPassword, passwordNeedsRehash, verifyPassword } from "@/lib/auth/password/hash";

// Hashes written by Django 3.2's own hashers (Debian's python3-django): make_password and each
// hasher's encode(). The password is "correct horse battery staple" unless said otherwise.
const PASSWORD = "correct horse battery staple";
const DJANGO = {
  pbkdf2Default: "pbkdf2_sha256$260000$YGn2OVz9ALCDzPHeQYIHdi$TgFY/oKfNgC0vnEb0EYtjZ4pww72G4GUJJqw1EQ/OKI=",
  pbkdf2Few: "pbkdf2_sha256$1000$fixedsalt123$2opng+K9Tcw5bJM88h8C5dsooPAIobrXZMTQQZ59ntU=",
  pbkdf2Sha1: "pbkdf2_sha1$1000$fixedsalt123$aX/HuGXIJD9U62wewqcVK5mK6q8=",
  // BCryptSHA256PasswordHasher of "ﬁne-pässword-①", which NFKC changes ("fine-pässword-1").
  bcryptSha256Unicode: "bcrypt_sha256$$2b$12$1gpPXyVdifDT8KbOoLou4.GsX4/MaukGHHDzorqcN1c7T6CNgNEQy",
  bcrypt: "bcrypt$$2b$12$eaJSwlPmTHkvajR.e3zTOeWX3YZDMASdOXZXeDQlsPCSKrIngiZ0G",
  argon2: "argon2$argon2id$v=19$m=102400,t=2,p=8$YVVJbzBKemEwRVlIcEVzUmlWSTNxUw$VvzgmwBNE5JlbxTXVX4czA",
  unusable: "!eCNZT8RX8GF5oT8NF6kcUxFSjwFcDY4BA4m9DPfF",
  // Django 4.0+'s scrypt format, computed with Python's hashlib.scrypt as Django does.
  scrypt: "scrypt$16384$fixedsalt123$8$1$eQGLrDlMpiTBVkZMjm999PEgnR3v0adOAAs+a69WGwihVt7U6UBwlYBgB26bbvqeyK9SZBa1FxWWeANUtDzjsw==",
};

describe("Django's password hashes", () => {
  it("verifies PBKDF2-SHA256 at Django's default and at other iteration counts", async () => {
    for (const stored of [DJANGO.pbkdf2Default, DJANGO.pbkdf2Few]) {
      expect(await checkPassword(PASSWORD, stored)).toMatchObject({ valid: true, needsRehash: true });
      expect(await verifyPassword(`${PASSWORD}!`, stored)).toBe(false);
      expect(await verifyPassword("", stored)).toBe(false);
    }
    expect(parseHash(DJANGO.pbkdf2Default)).toMatchObject({ kind: "pbkdf2", digest: "sha256", iterations: 260000 });
  });

  it("verifies PBKDF2-SHA1, scrypt and plain bcrypt, and asks to replace each", async () => {
    for (const stored of [DJANGO.pbkdf2Sha1, DJANGO.scrypt, DJANGO.bcrypt]) {
      expect(await checkPassword(PASSWORD, stored)).toMatchObject({ valid: true, needsRehash: true });
      expect(await verifyPassword("correct horse battery stapler", stored)).toBe(false);
      expect(passwordNeedsRehash(stored)).toBe(true);
    }
  });

  it("verifies a Django bcrypt_sha256 hash of a password NFKC changes, and asks to rehash it", async () => {
    const typed = "ﬁne-pässword-①";
    expect(await checkPassword(typed, DJANGO.bcryptSha256Unicode)).toMatchObject({ valid: true, needsRehash: true });
    // The NFKC form is a different password to Django's hash: it must not match it.
    expect(await verifyPassword(typed.normalize("NFKC"), DJANGO.bcryptSha256Unicode)).toBe(false);
  });

  it("refuses unusable passwords, argon2 and legacy formats with a reason, never throwing", async () => {
    for (const stored of [DJANGO.unusable, "", "!"]) {
      expect(await checkPassword(DJANGO.unusable, stored)).toMatchObject({ valid: false, format: { kind: "unusable" } });
    }
    expect(await checkPassword(PASSWORD, DJANGO.argon2)).toMatchObject({ valid: false, format: { kind: "unsupported", algorithm: "argon2" } });
    for (const stored of ["sha1$salt$0123abcd", "md5$salt$0123abcd", "unsalted_md5$0123", "crypt$$ab1234", "nonsense"]) {
      const check = await checkPassword("anything", stored);
      expect(check.valid).toBe(false);
      expect(check.format).toMatchObject({ kind: "unsupported", reason: expect.any(String) });
    }
  });

  it("refuses malformed and absurd parameters instead of spending minutes on them", async () => {
    for (const stored of [
      "pbkdf2_sha256$99999999999$salt$hash",
      "pbkdf2_sha256$0$salt$hash",
      "pbkdf2_sha256$10$$",
      "scrypt$1048576$s$64$1$h",
      "bcrypt_sha256$$2b$12$short",
    ]) {
      expect(parseHash(stored).kind).toBe("unsupported");
      expect(await verifyPassword("anything", stored)).toBe(false);
    }
  });

  it("refuses a PBKDF2 hash made with another salt, and a truncated one", async () => {
    const wrongSalt = DJANGO.pbkdf2Few.replace("fixedsalt123", "fixedsalt124");
    expect(await verifyPassword(PASSWORD, wrongSalt)).toBe(false);
    const truncated = DJANGO.pbkdf2Few.slice(0, -8);
    expect(await verifyPassword(PASSWORD, truncated)).toBe(false);
  });
});
