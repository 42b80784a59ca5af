import { isIP } from "node:net";

// What per-client throttling counts a client address as. An IPv6 customer is given a /64 (or
// more) and can pick any of its 2^64 addresses for each request, so counting full addresses
// would give every attempt a fresh counter: a /64 is one client. IPv4 stays per address.

/** Eight 16-bit groups of an IPv6 address, or null when it is not one. */
function ipv6Groups(address: string): number[] | null {
  const [head = "", tail, extra] = address.split("::");
  if (extra !== undefined) return null;
  const parse = (part: string) => (part === "" ? [] : part.split(":"));
  let left = parse(head);
  let right = tail === undefined ? [] : parse(tail);
  // A trailing dotted IPv4 (::ffff:1.2.3.4, 64:ff9b::1.2.3.4) is two groups.
  const last = (tail === undefined ? left : right).at(-1);
  if (last?.includes(".")) {
    const octets = last.split(".").map(Number);
    const groups = [((octets[0]! << 8) | octets[1]!).toString(16), ((octets[2]! << 8) | octets[3]!).toString(16)];
    if (tail === undefined) left = [...left.slice(0, -1), ...groups];
    else right = [...right.slice(0, -1), ...groups];
  }
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return null;
  return [...left, ...Array<string>(tail === undefined ? 0 : missing).fill("0"), ...right].map((group) => parseInt(group, 16));
}

/**
 * The subject per-client rules count: the IPv4 address itself (also when written IPv4-mapped,
 * ::ffff:a.b.c.d), or the IPv6 address's /64 in a canonical form ("2001:db8:1:2::/64").
 */
export function clientGroup(address: string): string {
  const plain = address.trim().replace(/%.*$/, ""); // a zone id (fe80::1%eth0) names no other host
  if (isIP(plain) === 4) return plain;
  if (isIP(plain) !== 6) return plain;
  const groups = ipv6Groups(plain.toLowerCase());
  if (!groups) return plain;
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mapped) return [groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255].join(".");
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
}
