import { describe, expect, it } from "vitest";
import { describeClient } from "@/lib/auth/email/messages";

// Mail from the app names the client that caused it; the User-Agent is that client's own text.

describe("the client named in a mail", () => {
  it("is a known browser and system, with the address", () => {
    const ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    expect(describeClient({ userAgent: ua, ipAddress: "203.0.113.9" })).toBe("Chrome on Linux at 203.0.113.9");
  });

  it("never carries the sender's words or links", () => {
    const ua = "Your account is compromised, log in at https://evil.example/seed now/1.0 (x)";
    const named = describeClient({ userAgent: ua, ipAddress: "<a href=x>" });
    expect(named).toBe("an unknown browser");
    expect(describeClient({ userAgent: null, ipAddress: null })).toBe("an unknown browser");
  });
});
