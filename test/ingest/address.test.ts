// The address policy, range by range and form by form: what an attacker could write in a URL or a DNS
// answer to reach an internal address, and what the fetcher must still reach.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressRange, refusal } from '../../src/ingest/address.js';
import { checkUrl } from '../../src/ingest/guard.js';

// address → the range named in the refusal, or null when it is globally routable and allowed
const TABLE: [string, string | null][] = [
  // IPv4 special-purpose ranges
  ['0.0.0.0', 'this network'],
  ['0.1.2.3', 'this network'],
  ['10.0.0.1', 'private (10.0.0.0/8)'],
  ['10.255.255.255', 'private (10.0.0.0/8)'],
  ['100.64.0.1', 'carrier-grade NAT'],
  ['100.127.255.254', 'carrier-grade NAT'],
  ['127.0.0.1', 'loopback (127.0.0.0/8)'],
  ['127.255.255.254', 'loopback'],
  ['169.254.169.254', 'link-local (169.254.0.0/16)'],
  ['172.16.0.1', 'private (172.16.0.0/12)'],
  ['172.31.255.255', 'private (172.16.0.0/12)'],
  ['192.0.0.1', 'IETF protocol assignments'],
  ['192.0.0.170', 'IETF protocol assignments'],
  ['192.0.2.1', 'documentation (192.0.2.0/24)'],
  ['192.88.99.1', '6to4 relay anycast'],
  ['192.168.1.1', 'private (192.168.0.0/16)'],
  ['198.18.0.1', 'benchmarking (198.18.0.0/15)'],
  ['198.19.255.255', 'benchmarking'],
  ['198.51.100.7', 'documentation (198.51.100.0/24)'],
  ['203.0.113.9', 'documentation (203.0.113.0/24)'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['240.0.0.1', 'reserved (240.0.0.0/4)'],
  ['255.255.255.255', 'broadcast'],
  // IPv4 neighbours of those ranges that are public
  ['9.255.255.255', null],
  ['11.0.0.1', null],
  ['100.63.255.255', null],
  ['100.128.0.0', null],
  ['172.15.255.255', null],
  ['172.32.0.0', null],
  ['192.0.3.1', null],
  ['192.167.255.255', null],
  ['192.169.0.0', null],
  ['198.17.255.255', null],
  ['198.20.0.0', null],
  ['223.255.255.255', null],
  ['8.8.8.8', null],
  ['93.184.216.34', null],
  // odd IPv4 notations (ipaddr.js reads them as inet_aton does)
  ['2130706433', 'loopback'],
  ['0x7f.1', 'loopback'],
  ['127.1', 'loopback'],
  ['0177.0.0.1', 'loopback'],
  ['0xa000001', 'private (10.0.0.0/8)'],
  // IPv6 special-purpose ranges
  ['::', 'unspecified'],
  ['::1', 'loopback (::1)'],
  ['[::1]', 'loopback (::1)'],
  ['100::1', 'discard-only (100::/64)'],
  ['fe80::1', 'link-local (fe80::/10)'],
  ['fe80::1%eth0', 'link-local (fe80::/10)'],
  ['febf::1', 'link-local (fe80::/10)'],
  ['fec0::1', 'site-local (fec0::/10)'],
  ['fc00::1', 'unique local (fc00::/7)'],
  ['fd12:3456::1', 'unique local (fc00::/7)'],
  ['ff02::1', 'multicast (ff00::/8)'],
  ['ff0e::1', 'multicast (ff00::/8)'],
  ['2001:db8::1', 'documentation (2001:db8::/32)'],
  ['3fff::1', 'documentation (3fff::/20)'],
  ['2001:2::1', 'benchmarking (2001:2::/48)'],
  ['2001:10::1', 'IETF protocol assignments'],
  ['2001:1ff::1', 'IETF protocol assignments'],
  ['5f00::1', 'segment routing'],
  ['4000::1', 'not global unicast'],
  ['1::1', 'not global unicast'],
  // IPv6 forms that carry an IPv4 address
  ['::ffff:7f00:1', 'IPv4-mapped, carrying 127.0.0.1: loopback'],
  ['::ffff:127.0.0.1', 'IPv4-mapped, carrying 127.0.0.1: loopback'],
  ['[::ffff:127.0.0.1]', 'IPv4-mapped, carrying 127.0.0.1: loopback'],
  ['::ffff:a9fe:a9fe', 'IPv4-mapped, carrying 169.254.169.254: link-local'],
  ['::ffff:0.0.0.0', 'IPv4-mapped, carrying 0.0.0.0: this network'],
  ['::7f00:1', 'IPv4-compatible (deprecated), carrying 127.0.0.1: loopback'],
  ['::127.0.0.1', 'IPv4-compatible (deprecated), carrying 127.0.0.1: loopback'],
  ['::808:808', 'IPv4-compatible (deprecated), not globally routable'],
  ['::8.8.8.8', 'IPv4-compatible (deprecated), not globally routable'],
  ['::ffff:0:7f00:1', 'IPv4-translated, carrying 127.0.0.1: loopback'],
  ['::ffff:0:10.0.0.1', 'IPv4-translated, carrying 10.0.0.1: private'],
  ['::ffff:0:808:808', 'IPv4-translated, not globally routable'],
  ['64:ff9b::7f00:1', 'NAT64, carrying 127.0.0.1: loopback'],
  ['64:ff9b::10.1.2.3', 'NAT64, carrying 10.1.2.3: private'],
  ['64:ff9b::a9fe:a9fe', 'NAT64, carrying 169.254.169.254: link-local'],
  ['64:ff9b:1::a00:1', 'local-use NAT64 (64:ff9b:1::/48), carrying 10.0.0.1: private'],
  ['64:ff9b:1::808:808', 'local-use NAT64 (64:ff9b:1::/48), not globally routable'],
  ['2002:7f00:1::', '6to4, carrying 127.0.0.1: loopback'],
  ['2002:c0a8:101::1', '6to4, carrying 192.168.1.1: private'],
  ['2002:a9fe:a9fe::1', '6to4, carrying 169.254.169.254: link-local'],
  // Teredo: 2001:0:<server>:<flags>:<port>:<client XOR ffff:ffff>
  ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'Teredo, carrying 127.0.0.1: loopback'],
  ['2001:0:4136:e378:8000:63bf:f5ff:fffe', 'Teredo, carrying 10.0.0.1: private'],
  ['2001:0:7f00:1:8000:63bf:f7f7:f7f7', 'Teredo, carrying 127.0.0.1: loopback'], // the server half
  // public IPv6, and public IPv4 behind the forms that can route to it
  ['2606:4700:4700::1111', null],
  ['2a00:1450:4001:80b::200e', null],
  ['2001:4860:4860::8888', null],
  ['::ffff:8.8.8.8', null],
  ['::ffff:808:808', null],
  ['64:ff9b::808:808', null],
  ['64:ff9b::93.184.216.34', null],
  ['2002:808:808::1', null],
  ['2001:0:4136:e378:8000:63bf:f7f7:f7f7', null],
  // not an address at all
  ['localhost', 'not an IP address'],
  ['', 'not an IP address'],
  ['1.2.3.4.5', 'not an IP address'],
];

describe('address policy', () => {
  it.each(TABLE)('%s → %s', (address, range) => {
    if (range === null) {
      expect(addressRange(address)).toBeUndefined();
      expect(refusal(address, false)).toBeUndefined();
    } else {
      expect(addressRange(address)).toContain(range);
      expect(refusal(address, false)).toBe(`${address} is ${addressRange(address)}`);
    }
  });

  it('allows everything when private hosts are allowed', () => {
    for (const [address] of TABLE) expect(refusal(address, true)).toBeUndefined();
  });

  // every private IPv4 address, in every IPv6 form that carries it, is refused and named
  const privateV4 = fc.oneof(
    fc.tuple(fc.constant(10), fc.nat(255), fc.nat(255), fc.nat(255)),
    fc.tuple(fc.constant(127), fc.nat(255), fc.nat(255), fc.nat(255)),
    fc.tuple(fc.constant(169), fc.constant(254), fc.nat(255), fc.nat(255)),
    fc.tuple(fc.constant(172), fc.integer({ min: 16, max: 31 }), fc.nat(255), fc.nat(255)),
    fc.tuple(fc.constant(192), fc.constant(168), fc.nat(255), fc.nat(255)),
    fc.tuple(fc.constant(100), fc.integer({ min: 64, max: 127 }), fc.nat(255), fc.nat(255)),
  );
  const hex = (hi: number, lo: number) => ((hi << 8) | lo).toString(16);
  it('refuses a private IPv4 address in every IPv6 form that carries it', () => {
    fc.assert(
      fc.property(privateV4, ([a, b, c, d]) => {
        const dotted = `${a}.${b}.${c}.${d}`;
        const [h1, h2] = [hex(a, b), hex(c, d)];
        const [x1, x2] = [hex(a ^ 0xff, b ^ 0xff), hex(c ^ 0xff, d ^ 0xff)];
        for (const form of [`::ffff:${dotted}`, `::ffff:${h1}:${h2}`, `::${h1}:${h2}`, `::ffff:0:${h1}:${h2}`, `64:ff9b::${h1}:${h2}`, `64:ff9b::${dotted}`, `2002:${h1}:${h2}::1`, `2001:0:4136:e378:8000:63bf:${x1}:${x2}`]) {
          expect(addressRange(form), form).toContain(`carrying ${dotted}`);
        }
      }),
    );
  });

  it('refuses the odd IPv4 notations the URL parser normalizes, before any request', async () => {
    for (const url of ['http://2130706433/', 'http://0x7f.1/', 'http://127.1/', 'http://0177.0.0.1/', 'http://0x7f000001/', 'http://[::ffff:127.0.0.1]/', 'http://[::ffff:7f00:1]/', 'http://[::7f00:1]/', 'http://[::]/', 'http://0.0.0.0/', 'http://[64:ff9b::7f00:1]/', 'http://[2002:7f00:1::]/', 'http://169.254.169.254/latest/meta-data']) {
      const r = await checkUrl(url, { allowPrivateHosts: false, resolve: () => Promise.reject(new Error('no look-up for an IP literal')) });
      expect(r instanceof URL ? 'allowed' : r.reason, url).toBe('refused-address');
      if (!(r instanceof URL)) expect(r.detail).toMatch(/ is .*\(.*\)/);
    }
  });

  it('refuses a name when any one of its addresses is internal', async () => {
    const r = await checkUrl('http://mixed.example/', { allowPrivateHosts: false, resolve: async () => ['93.184.216.34', '10.0.0.7'] });
    expect(r instanceof URL ? r.href : r).toMatchObject({ reason: 'refused-address', detail: expect.stringContaining('mixed.example resolves to 10.0.0.7, which is private (10.0.0.0/8)') });
    const ok = await checkUrl('http://public.example/', { allowPrivateHosts: false, resolve: async () => ['93.184.216.34', '2606:4700:4700::1111'] });
    expect(ok instanceof URL && ok.href).toBe('http://public.example/');
  });
});
