// The address policy: the one place that says which IP addresses the fetcher may connect to. Only
// globally routable unicast passes; every special-purpose range of both families is refused by name, and
// an IPv6 address that carries an IPv4 one (mapped, compatible, translated, NAT64, 6to4, Teredo) is
// judged by the IPv4 address a translator or tunnel would deliver to. ipaddr.js parses every notation
// (`0x7f.1`, `2130706433`, `::ffff:127.0.0.1`), so no spelling slips past a string comparison.
import ipaddr from 'ipaddr.js';

type IPv4 = ipaddr.IPv4;
type IPv6 = ipaddr.IPv6;
type Cidr<T> = [T, number];

const v4 = (cidr: string): Cidr<IPv4> => ipaddr.IPv4.parseCIDR(cidr);
const v6 = (cidr: string): Cidr<IPv6> => ipaddr.IPv6.parseCIDR(cidr);

// Most specific first: the first match names the range. (IANA IPv4/IPv6 Special-Purpose Address Registries.)
const V4_RANGES: [Cidr<IPv4>, string][] = [
  [v4('0.0.0.0/8'), 'this network (0.0.0.0/8)'],
  [v4('10.0.0.0/8'), 'private (10.0.0.0/8)'],
  [v4('100.64.0.0/10'), 'carrier-grade NAT (100.64.0.0/10)'],
  [v4('127.0.0.0/8'), 'loopback (127.0.0.0/8)'],
  [v4('169.254.0.0/16'), 'link-local (169.254.0.0/16)'],
  [v4('172.16.0.0/12'), 'private (172.16.0.0/12)'],
  [v4('192.0.0.0/24'), 'IETF protocol assignments (192.0.0.0/24)'],
  [v4('192.0.2.0/24'), 'documentation (192.0.2.0/24)'],
  [v4('192.88.99.0/24'), 'deprecated 6to4 relay anycast (192.88.99.0/24)'],
  [v4('192.168.0.0/16'), 'private (192.168.0.0/16)'],
  [v4('198.18.0.0/15'), 'benchmarking (198.18.0.0/15)'],
  [v4('198.51.100.0/24'), 'documentation (198.51.100.0/24)'],
  [v4('203.0.113.0/24'), 'documentation (203.0.113.0/24)'],
  [v4('224.0.0.0/4'), 'multicast (224.0.0.0/4)'],
  [v4('255.255.255.255/32'), 'broadcast (255.255.255.255)'],
  [v4('240.0.0.0/4'), 'reserved (240.0.0.0/4)'],
];

const V6_RANGES: [Cidr<IPv6>, string][] = [
  [v6('::/128'), 'unspecified (::)'],
  [v6('::1/128'), 'loopback (::1)'],
  [v6('100::/64'), 'discard-only (100::/64)'],
  [v6('2001:2::/48'), 'benchmarking (2001:2::/48)'],
  [v6('2001:db8::/32'), 'documentation (2001:db8::/32)'],
  [v6('2001::/23'), 'IETF protocol assignments (2001::/23)'],
  [v6('3fff::/20'), 'documentation (3fff::/20)'],
  [v6('5f00::/16'), 'segment routing (5f00::/16)'],
  [v6('fc00::/7'), 'unique local (fc00::/7)'],
  [v6('fe80::/10'), 'link-local (fe80::/10)'],
  [v6('fec0::/10'), 'site-local (fec0::/10)'],
  [v6('ff00::/8'), 'multicast (ff00::/8)'],
];
const GLOBAL_UNICAST = v6('2000::/3');

const v4At = (parts: number[], i: number): IPv4 => {
  const [hi = 0, lo = 0] = [parts[i], parts[i + 1]];
  return new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
};

interface Embedding {
  /** What the IPv6 address is, e.g. "IPv4-mapped". */
  form: string;
  /** The IPv4 addresses it carries, every one of which must be global. */
  carried: IPv4[];
  /** Whether the form can reach a global IPv4 host at all (false: refused even when what it carries is global). */
  routable: boolean;
}

const MAPPED = v6('::ffff:0:0/96');
const TRANSLATED = v6('::ffff:0:0:0/96');
const COMPATIBLE = v6('::/96');
const NAT64 = v6('64:ff9b::/96');
const NAT64_LOCAL = v6('64:ff9b:1::/48');
const SIX_TO_FOUR = v6('2002::/16');
const TEREDO = v6('2001::/32');

function embedding(ip: IPv6): Embedding | undefined {
  const p = ip.parts;
  if (ip.match(MAPPED)) return { form: 'IPv4-mapped', carried: [v4At(p, 6)], routable: true };
  if (ip.match(TRANSLATED)) return { form: 'IPv4-translated', carried: [v4At(p, 6)], routable: false };
  if (ip.match(COMPATIBLE)) return { form: 'IPv4-compatible (deprecated)', carried: [v4At(p, 6)], routable: false };
  if (ip.match(NAT64)) return { form: 'NAT64', carried: [v4At(p, 6)], routable: true };
  // the local-use prefix is not globally reachable (RFC 8215): refused whatever it carries
  if (ip.match(NAT64_LOCAL)) return { form: 'local-use NAT64 (64:ff9b:1::/48)', carried: [v4At(p, 6)], routable: false };
  if (ip.match(SIX_TO_FOUR)) return { form: '6to4', carried: [v4At(p, 1)], routable: true };
  if (ip.match(TEREDO)) {
    // Teredo: the server's IPv4 address in bits 32–63, the client's in the last 32 bits, inverted
    const client = v4At([(p[6] ?? 0) ^ 0xffff, (p[7] ?? 0) ^ 0xffff], 0);
    return { form: 'Teredo', carried: [client, v4At(p, 2)], routable: true };
  }
  return undefined;
}

function v4Range(ip: IPv4): string | undefined {
  return V4_RANGES.find(([cidr]) => ip.match(cidr))?.[1];
}

function v6Range(ip: IPv6): string | undefined {
  // the ranges that hold no IPv4 address come first: `::` and `::1` also sit inside ::/96
  const named = V6_RANGES.find(([cidr]) => ip.match(cidr) && cidr[1] >= 64)?.[1];
  if (named) return named;
  const embedded = embedding(ip);
  if (embedded) {
    for (const carried of embedded.carried) {
      const range = v4Range(carried);
      if (range) return `${embedded.form}, carrying ${carried.toString()}: ${range}`;
    }
    return embedded.routable ? undefined : `${embedded.form}, not globally routable`;
  }
  const special = V6_RANGES.find(([cidr]) => ip.match(cidr))?.[1];
  if (special) return special;
  return ip.match(GLOBAL_UNICAST) ? undefined : 'not global unicast (outside 2000::/3)';
}

// ipaddr.js reads any `::a.b.c.d` as IPv4-mapped: spell a dotted tail in hex first so `::8.8.8.8` stays
// IPv4-compatible
function parse(address: string): IPv4 | IPv6 {
  const bare = address.replace(/^\[|\]$/g, '');
  const tail = /^(.*:)(\d+\.\d+\.\d+\.\d+)(%.*)?$/.exec(bare);
  if (!tail?.[1] || !tail[2] || !ipaddr.IPv4.isValidFourPartDecimal(tail[2])) return ipaddr.parse(bare);
  const [a = 0, b = 0, c = 0, d = 0] = ipaddr.IPv4.parse(tail[2]).octets;
  return ipaddr.IPv6.parse(`${tail[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}${tail[3] ?? ''}`);
}

/**
 * The special-purpose range an address lies in, or undefined when it is globally routable. Anything that
 * does not parse as an IP address is reported as such (and so refused).
 */
export function addressRange(address: string): string | undefined {
  let ip: IPv4 | IPv6;
  try {
    ip = parse(address);
  } catch {
    return 'not an IP address';
  }
  return ip.kind() === 'ipv4' ? v4Range(ip as IPv4) : v6Range(ip as IPv6);
}

/** Why the fetcher must not connect to this address (that `host` resolved to), or undefined when it may. */
export function refusal(address: string, allowPrivateHosts: boolean, host?: string): string | undefined {
  if (allowPrivateHosts) return undefined;
  const range = addressRange(address);
  if (!range) return undefined;
  return host ? `${host} resolves to ${address}, which is ${range}` : `${address} is ${range}`;
}

/** How a refusal tells the operator the way round it. */
export const ALLOW_HINT = '(allow with --allow-private-hosts)';

/**
 * The guard's and the connection's one verdict on a host's addresses: the first one the policy refuses, as
 * a message with the way to allow it, or undefined when every one may be connected to.
 */
export function refusedAmong(addresses: readonly string[], allowPrivateHosts: boolean, host?: string): string | undefined {
  for (const address of addresses) {
    const why = refusal(address, allowPrivateHosts, host);
    if (why) return `${why} ${ALLOW_HINT}`;
  }
  return undefined;
}
