// SSRF guard, the early check of every hop: http(s) only, user-info dropped, and a host with any address
// the policy (address.ts) refuses is refused before a request is queued. It is not the last word: the
// connection is checked again when it is opened (connect.ts), since DNS may answer differently then.
import { isIP } from 'node:net';
import { stripCredentials, withoutCredentials } from '../url.js';
import { addressRange, refusedAmong } from './address.js';
import { defaultResolve, type Resolve } from './connect.js';
import { type FailureResult, fail } from './failure.js';

/** Any address that is not globally routable (see address.ts for the ranges). */
export function isInternalAddress(ip: string): boolean {
  return addressRange(ip) !== undefined;
}

export interface GuardOptions {
  allowPrivateHosts: boolean;
  /** Resolves a host name to its addresses; injectable for tests. */
  resolve?: Resolve;
}

/** Parses and checks a URL; returns it without credentials, or the reason it is refused. */
export async function checkUrl(raw: string, opts: GuardOptions): Promise<URL | FailureResult> {
  let url: URL;
  try {
    url = withoutCredentials(new URL(raw));
  } catch {
    return fail('invalid-url', `not a valid URL: ${JSON.stringify(stripCredentials(raw))}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return fail('unsupported-scheme', `only http and https are fetched, not ${url.protocol}`);
  if (opts.allowPrivateHosts) return url;
  // the WHATWG parser has already turned `0x7f.1`, `2130706433` and `[::ffff:127.0.0.1]` into canonical addresses
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) {
    const why = refusedAmong([host], false);
    return why ? fail('refused-address', why) : url;
  }
  let addresses: string[];
  try {
    addresses = await (opts.resolve ?? defaultResolve)(host);
  } catch (err) {
    return fail('dns-failure', `cannot resolve ${host}: ${(err as Error).message}`, true);
  }
  if (!addresses.length) return fail('dns-failure', `${host} has no address`, true);
  const why = refusedAmong(addresses, false, host);
  return why ? fail('refused-address', why) : url;
}
