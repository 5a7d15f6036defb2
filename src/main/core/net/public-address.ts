/**
 * Which network addresses the app may connect to on a server's say-so: public ones only. One
 * policy for profile pictures (avatars.ts) and for provider base URLs other than a provider's
 * own (outbound.ts), so a URL from a hostile provider or a base URL typed into a form cannot
 * make the app reach this computer, a private network or a cloud metadata service.
 *
 * Written with node:net's BlockList rather than a package: ipaddr.js (the well-kept choice) has
 * no range for fec0::/10 or the IPv4-compatible ::/96 and would need the same hand-written
 * additions. IPv6 is checked as an allowlist (only 2000::/3 is global unicast), so ranges a list
 * of exceptions forgets are refused by default. Forms that carry an IPv4 address inside an IPv6
 * one are judged by that IPv4 address (IPv4-mapped ::ffff:0:0/96, NAT64 64:ff9b::/96) or refused
 * outright when deprecated (IPv4-compatible ::/96, 6to4 2002::/16, Teredo 2001::/32).
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { Agent } from 'undici';

/** IPv4 ranges that are not public: this computer, private, shared, reserved, documentation, benchmarking, multicast. */
const NOT_PUBLIC_V4 = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network": 0.0.0.0 reaches this computer
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking (often routed to lab networks)
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 3], // multicast, reserved, broadcast
] as const) {
  NOT_PUBLIC_V4.addSubnet(net, prefix, 'ipv4');
}

/** Global unicast IPv6 (2000::/3) ranges that are still not public, or tunnel to an address that cannot be checked. */
const NOT_PUBLIC_V6 = new BlockList();
for (const [net, prefix] of [
  ['2001::', 23], // IETF protocol assignments: Teredo (2001::/32), benchmarking, ORCHID
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: reaches the IPv4 address inside it (deprecated, RFC 7526)
  ['3fff::', 20], // documentation
] as const) {
  NOT_PUBLIC_V6.addSubnet(net, prefix, 'ipv6');
}

/** Whether an IP address (v4, or v6 with or without brackets) is a public one the app may connect to. Not an IP: false. */
export function isPublicAddress(address: string): boolean {
  const ip = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const family = isIP(ip);
  if (family === 4) return !NOT_PUBLIC_V4.check(ip, 'ipv4');
  if (family !== 6) return false;
  const words = ipv6Words(ip);
  if (!words) return false;
  const embedded = embeddedIpv4(words);
  if (embedded !== null) return !NOT_PUBLIC_V4.check(embedded, 'ipv4');
  // Only 2000::/3 is global unicast: ::/8 (loopback, unspecified, IPv4-compatible), fc00::/7,
  // fe80::/10, fec0::/10 (site-local), ff00::/8 and everything unassigned are refused.
  if ((words[0]! & 0xe000) !== 0x2000) return false;
  return !NOT_PUBLIC_V6.check(ip, 'ipv6');
}

/** Whether an IP address is on this computer or a network that is not public. Not an IP (a host name): false. */
export function isPrivateAddress(address: string): boolean {
  const ip = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  return isIP(ip) !== 0 && !isPublicAddress(ip);
}

/** The IPv4 address an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::a.b.c.d) address stands for, else null. */
function embeddedIpv4(w: number[]): string | null {
  const mapped = w[0] === 0 && w[1] === 0 && w[2] === 0 && w[3] === 0 && w[4] === 0 && w[5] === 0xffff;
  const nat64 = w[0] === 0x64 && w[1] === 0xff9b && w[2] === 0 && w[3] === 0 && w[4] === 0 && w[5] === 0;
  if (!mapped && !nat64) return null;
  return [w[6]! >> 8, w[6]! & 0xff, w[7]! >> 8, w[7]! & 0xff].join('.');
}

/** The eight 16-bit words of an IPv6 address (any spelling node:net accepts), or null. */
function ipv6Words(ip: string): number[] | null {
  let canonical: string;
  try {
    // The URL parser writes any IPv6 spelling (embedded dotted IPv4, zeros) in one compressed hex form.
    canonical = new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  } catch {
    return null;
  }
  const [head, tail] = canonical.split('::') as [string, string | undefined];
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? 0 : 8 - left.length - right.length;
  const words = [...left, ...Array<string>(zeros).fill('0'), ...right].map((h) => parseInt(h, 16));
  return words.length === 8 && words.every((n) => Number.isInteger(n) && n >= 0 && n <= 0xffff) ? words : null;
}

/** A resolver with dns.lookup's `all: true` shape, injectable so tests can make a name resolve anywhere. */
export type Resolve = (hostname: string, callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

const systemResolve: Resolve = (hostname, callback) => dnsLookup(hostname, { all: true }, callback);

/**
 * A dns.lookup for an Agent's connections that fails with EPRIVATEADDRESS when the name resolves
 * to any address that is not public, so no socket is opened to it. The check is on the very
 * addresses the socket then uses: a name cannot resolve to a public address for a check and a
 * private one for the connection.
 */
export function publicOnlyLookup(resolve: Resolve = systemResolve): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, (err, all) => {
      if (err) return callback(err, '', 0);
      const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : (options.family ?? 0);
      const addresses = all.filter((a) => family === 0 || a.family === family);
      if (addresses.length === 0 || addresses.some((a) => !isPublicAddress(a.address))) {
        const refused: NodeJS.ErrnoException = new Error(`${hostname} resolves to this computer or a private network, so the app does not connect to it.`);
        refused.code = 'EPRIVATEADDRESS';
        return callback(refused, '', 0);
      }
      if (options.all) (callback as unknown as (e: null, all: LookupAddress[]) => void)(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/** An undici Agent that connects only to public addresses (see publicOnlyLookup). */
export function publicOnlyAgent(opts: { resolve?: Resolve; bodyTimeoutMs?: number } = {}): Agent {
  const timeout = opts.bodyTimeoutMs ?? 30_000;
  return new Agent({ connect: { timeout: 15_000, lookup: publicOnlyLookup(opts.resolve) }, headersTimeout: 30_000, bodyTimeout: timeout });
}
