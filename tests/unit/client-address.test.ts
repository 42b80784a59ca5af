import { describe, expect, it } from "vitest";
import { clientAddress, trustedProxyHops } from "../../scripts/client-address.mjs";

describe("client address", () => {
  it("with no trusted proxy, is the socket's peer and ignores X-Forwarded-For", () => {
    expect(clientAddress("203.0.113.7", "1.2.3.4", 0)).toBe("203.0.113.7");
    expect(clientAddress("::ffff:127.0.0.1", undefined, 0)).toBe("127.0.0.1");
  });

  it("behind N trusted proxies, is the entry N places left of the peer", () => {
    // client → proxy (appends client) → app
    expect(clientAddress("10.0.0.2", "198.51.100.9", 1)).toBe("198.51.100.9");
    // a forged entry sent by the client stays to the left and is ignored
    expect(clientAddress("10.0.0.2", "6.6.6.6, 198.51.100.9", 1)).toBe("198.51.100.9");
    expect(clientAddress("10.0.0.3", "6.6.6.6, 198.51.100.9, 10.0.0.2", 2)).toBe("198.51.100.9");
  });

  it("reads an entry a proxy wrote with its port", () => {
    expect(clientAddress("10.0.0.2", "198.51.100.9:51234", 1)).toBe("198.51.100.9");
    expect(clientAddress("10.0.0.2", "[2001:db8::7]:443", 1)).toBe("2001:db8::7");
    expect(clientAddress("10.0.0.2", "[2001:db8::7]", 1)).toBe("2001:db8::7");
  });

  it("answers null for anything that is not an address", () => {
    expect(clientAddress("10.0.0.2", "not-an-ip", 1)).toBeNull();
    expect(clientAddress(undefined, undefined, 0)).toBeNull();
  });

  it("reads TRUSTED_PROXY_HOPS strictly", () => {
    expect(trustedProxyHops({})).toBe(0);
    expect(trustedProxyHops({ TRUSTED_PROXY_HOPS: "2" })).toBe(2);
    expect(() => trustedProxyHops({ TRUSTED_PROXY_HOPS: "yes" })).toThrow(/TRUSTED_PROXY_HOPS/);
  });
});
