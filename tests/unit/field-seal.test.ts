import { afterEach, describe, expect, it } from "vitest";
import { isSealedField, openField, sealField, type SealPurpose } from "@/lib/auth/secrets/field-seal";

// Values the app encrypts in the database with a key derived from SESSION_SECRET (TOTP secrets).

const CURRENT = process.env.SESSION_SECRET!;
const OLD = "an-older-session-secret-Kq3v8Zr1Xw5Ty7Pm9";

afterEach(() => {
  process.env.SESSION_SECRET = CURRENT;
  delete process.env.SESSION_SECRET_FALLBACKS;
});

describe("sealed database fields", () => {
  it("open for their purpose and owner only, and never show the value", () => {
    const sealed = sealField("totp", "7", "JBSWY3DPEHPK3PXP");
    expect(sealed).not.toContain("JBSWY3DPEHPK3PXP");
    expect(isSealedField("totp", sealed)).toBe(true);
    expect(openField("totp", "7", sealed)).toEqual({ value: "JBSWY3DPEHPK3PXP", underCurrentSecret: true });
    expect(openField("totp", "8", sealed)).toBeNull();
    // Another purpose: its own key and header, so the same bytes under another name open nothing.
    expect(openField("recovery" as SealPurpose, "7", sealed.replace(/^totp1/, "recovery1"))).toBeNull();
    expect(sealField("totp", "7", "JBSWY3DPEHPK3PXP")).not.toBe(sealed); // a fresh IV each time
  });

  it("refuse any change to the header, IV, ciphertext or tag", () => {
    const sealed = sealField("totp", "7", "JBSWY3DPEHPK3PXP");
    const parts = sealed.split(".");
    for (let i = 1; i < parts.length; i++) {
      const changed = [...parts];
      changed[i] = changed[i]!.startsWith("A") ? `B${changed[i]!.slice(1)}` : `A${changed[i]!.slice(1)}`;
      expect(openField("totp", "7", changed.join(".")), `part ${i}`).toBeNull();
    }
    expect(openField("totp", "7", "JBSWY3DPEHPK3PXP")).toBeNull();
  });

  it("open under a fallback secret during a rotation, and not once it is removed", () => {
    process.env.SESSION_SECRET = OLD;
    const sealed = sealField("totp", "7", "JBSWY3DPEHPK3PXP");
    process.env.SESSION_SECRET = CURRENT;
    expect(openField("totp", "7", sealed)).toBeNull();
    process.env.SESSION_SECRET_FALLBACKS = OLD;
    expect(openField("totp", "7", sealed)).toEqual({ value: "JBSWY3DPEHPK3PXP", underCurrentSecret: false });
  });
});
