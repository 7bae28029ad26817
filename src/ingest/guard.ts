// SSRF guard: http(s) only, and no private, loopback, link-local or otherwise internal address unless
// explicitly allowed (tests allow loopback). Every redirect hop is checked again.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { fail, type FailureResult } from './failure.js';

function v4Private(ip: string): boolean {
  const [a = 0, b = 0] = ip.split('.').map(Number);
  return (
    a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 198 && (b === 18 || b === 19)) || a >= 224
  );
}

/** Loopback, private, link-local, unique-local, multicast, unspecified and mapped forms of them. */
export function isInternalAddress(ip: string): boolean {
  if (isIP(ip) === 4) return v4Private(ip);
  const v6 = ip.toLowerCase().replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v6);
  if (mapped?.[1]) return v4Private(mapped[1]);
  return v6 === '::' || v6 === '::1' || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6) || /^ff/.test(v6);
}

export interface GuardOptions {
  allowPrivateHosts: boolean;
  /** Resolves a host name to its addresses; injectable for tests. */
  resolve?: (host: string) => Promise<string[]>;
}

const defaultResolve = async (host: string) => (await lookup(host, { all: true })).map((a) => a.address);

/** Parses and checks a URL; returns the URL or the reason it is refused. */
export async function checkUrl(raw: string, opts: GuardOptions): Promise<URL | FailureResult> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail('invalid-url', `not a valid URL: ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return fail('unsupported-scheme', `only http and https are fetched, not ${url.protocol}`);
  if (opts.allowPrivateHosts) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await (opts.resolve ?? defaultResolve)(host);
    } catch (err) {
      return fail('dns-failure', `cannot resolve ${host}: ${(err as Error).message}`, true);
    }
  }
  const internal = addresses.find(isInternalAddress);
  if (internal) return fail('refused-address', `${host} resolves to ${internal}, a private/loopback/link-local address (allow with --allow-private-hosts)`);
  return url;
}
