// The only way out: an undici Agent whose every socket goes to an address the policy approved when the
// socket was opened. A name is resolved once more at connect time (net.connect's `lookup` hook, through the
// same injectable resolver) and every address it gives is checked, so a DNS answer that changes between
// the guard's look-up and the connection (rebinding) cannot reach an internal address. The URL keeps its
// host name, so the Host header and TLS SNI are unchanged; only the look-up is ours.
//
// Pooled keep-alive connections are per origin (scheme, host, port) and were checked when they were
// opened; a request that reuses one goes where that check allowed, never to a new look-up's answer.
import { lookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { refusedAmong } from './address.js';

/** Resolves a host name to its addresses; injectable for tests. */
export type Resolve = (host: string) => Promise<string[]>;

export const defaultResolve: Resolve = async (host) => (await lookup(host, { all: true })).map((a) => a.address);

/** A connection refused by the address policy; http.ts maps it to the `refused-address` failure. */
export class RefusedAddressError extends Error {
  readonly code = 'NEWSDESK_REFUSED_ADDRESS';
}

/** A host name the resolver could not resolve at connect time; maps to `dns-failure`. */
export class LookupError extends Error {
  readonly code = 'NEWSDESK_DNS_FAILURE';
}

export interface ConnectPolicy {
  allowPrivateHosts: boolean;
  resolve?: Resolve;
  /** Time to open the connection (TCP and TLS). */
  connectTimeoutMs: number;
}

/** net.connect's `lookup` option: the injected resolver, and no address the policy refuses. */
export function checkedLookup(policy: Pick<ConnectPolicy, 'allowPrivateHosts' | 'resolve'>): LookupFunction {
  const resolve = policy.resolve ?? defaultResolve;
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (all) => {
        // every answer is checked, not only the one used: net.connect may try them all (happy eyeballs)
        const why = refusedAmong(all, policy.allowPrivateHosts, hostname);
        if (why) return callback(new RefusedAddressError(why), '');
        const family = options.family === 4 || options.family === 6 ? options.family : 0;
        const usable = all.filter((a) => isIP(a) !== 0 && (!family || isIP(a) === family)).map((address) => ({ address, family: isIP(address) }));
        const [first] = usable;
        if (!first) return callback(new LookupError(`${hostname} has no usable address`), '');
        if (options.all) return callback(null, usable);
        return callback(null, first.address, first.family);
      },
      (err: Error) => callback(new LookupError(`cannot resolve ${hostname}: ${err.message}`), ''),
    );
  };
}

/**
 * An Agent that connects only where the policy allows. An IP literal never reaches the `lookup` hook
 * (net.connect skips it), so the connector checks those itself.
 */
export function checkedAgent(policy: ConnectPolicy): Agent {
  const base = buildConnector({ lookup: checkedLookup(policy), timeout: policy.connectTimeoutMs });
  const connect: buildConnector.connector = (options, callback) => {
    const why = isIP(options.hostname) ? refusedAmong([options.hostname], policy.allowPrivateHosts) : undefined;
    if (why) return callback(new RefusedAddressError(why), null);
    return base(options, callback);
  };
  return new Agent({ connect, keepAliveTimeout: 4_000, connections: 8 });
}
