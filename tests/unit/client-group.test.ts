import { describe, expect, it } from "vitest";
import { clientGroup } from "@/lib/auth/throttle/client-group";

// Per-client throttling counts an IPv6 client by its /64, the prefix one customer gets (RFC 6177):
// otherwise one host could take a fresh address for every attempt. IPv4 stays per address.

describe("the group a client address is counted in", () => {
  it("keeps IPv4 addresses as they are", () => {
    expect(clientGroup("203.0.113.7")).toBe("203.0.113.7");
    expect(clientGroup("203.0.113.8")).not.toBe(clientGroup("203.0.113.7"));
  });

  it("counts every address of one IPv6 /64 as one, however it is written", () => {
    const group = clientGroup("2001:db8:1:2::1");
    for (const address of ["2001:db8:1:2::ffff", "2001:DB8:1:2:aaaa:bbbb:cccc:dddd", "2001:0db8:0001:0002:0:0:0:9", "2001:db8:1:2:0::"]) {
      expect(clientGroup(address), address).toBe(group);
    }
    expect(group).toBe("2001:db8:1:2::/64");
  });

  it("keeps different /64s apart", () => {
    expect(clientGroup("2001:db8:1:3::1")).not.toBe(clientGroup("2001:db8:1:2::1"));
    expect(clientGroup("::1")).toBe("0:0:0:0::/64");
    expect(clientGroup("fe80::1")).not.toBe(clientGroup("2001:db8::1"));
  });

  it("reads an IPv4-mapped IPv6 address as the IPv4 address", () => {
    expect(clientGroup("::ffff:203.0.113.7")).toBe("203.0.113.7");
  });
});
