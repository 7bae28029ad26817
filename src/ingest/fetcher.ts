// Fetching a page politely and safely: SSRF guard on every hop and on every connection, credentials
// dropped, robots.txt, one request at a time per host with a minimum delay, at most 5 redirects, byte and
// time limits, decompression, content-type check, charset decoding. Failures are values: nothing throws.
import { stripCredentials, withoutCredentials } from '../url.js';
import { checkedAgent } from './connect.js';
import { decodePage } from './decode.js';
import { type FailureResult, fail, parseRetryAfter } from './failure.js';
import { checkUrl, type GuardOptions } from './guard.js';
import { connectTimeoutMs, DEFAULT_USER_AGENT, type HttpLimits, type HttpResponse, httpGet } from './http.js';
import { type Clock, type Gate, HostGate, systemClock } from './politeness.js';
import { RobotsCache, type RobotsStore } from './robots.js';

export interface FetchedPage {
  ok: true;
  /** The URL asked for, without credentials. */
  url: string;
  finalUrl: string;
  status: number;
  contentType: string;
  charset: string;
  body: string;
  /** Set when decoding had to guess. */
  note?: string;
  fetchedAt: string;
}

export type FetchResult = FetchedPage | FailureResult;

export interface FetcherOptions extends Partial<HttpLimits> {
  /** Fetch private/loopback/link-local addresses too. @defaultValue false (env NEWSDESK_ALLOW_PRIVATE_HOSTS=1) */
  allowPrivateHosts?: boolean;
  /** @defaultValue 5 */
  maxRedirects?: number;
  /** Minimum pause between two requests to one host (for the default gate). @defaultValue 1000 ms */
  minDelayMs?: number;
  /** Takes turns per host, e.g. with other processes (src/queue/host-gate.ts). @defaultValue a HostGate with minDelayMs */
  gate?: Gate;
  /** Shares robots.txt texts with other processes (src/queue/robots-store.ts). */
  robotsStore?: RobotsStore;
  /** @defaultValue true */
  respectRobots?: boolean;
  userAgent?: string;
  clock?: Clock;
  /** Resolves host names, both for the guard and when connecting. @defaultValue node:dns lookup, all addresses */
  resolve?: GuardOptions['resolve'];
}

// pages, and the feeds that list them
const TEXT_TYPES = /^(text\/html|application\/xhtml\+xml|text\/plain|application\/xml|text\/xml|application\/(rss|atom|rdf)\+xml)\b/i;

/** Longest pause a Retry-After may put on a host for every worker: a wrong date must not stop it for days. */
const MAX_PAUSE_MS = 3_600_000;

export interface Fetcher {
  fetch(url: string): Promise<FetchResult>;
  /** Closes the kept-alive connections (they are unreferenced, so a process may also just exit). */
  close?(): Promise<void>;
}

export function createFetcher(opts: FetcherOptions = {}): Fetcher {
  const limits: HttpLimits = {
    maxBytes: opts.maxBytes ?? 5_000_000,
    headersTimeoutMs: opts.headersTimeoutMs ?? 10_000,
    totalTimeoutMs: opts.totalTimeoutMs ?? 30_000,
  };
  const userAgent = opts.userAgent ?? DEFAULT_USER_AGENT;
  const clock = opts.clock ?? systemClock;
  const gate: Gate = opts.gate ?? new HostGate(opts.minDelayMs ?? 1000, clock);
  const guard: GuardOptions = { allowPrivateHosts: opts.allowPrivateHosts ?? false, ...(opts.resolve ? { resolve: opts.resolve } : {}) };
  // one agent per fetcher: its connections obey this fetcher's policy and resolver
  const dispatcher = checkedAgent({ ...guard, connectTimeoutMs: connectTimeoutMs(limits) });
  // only a request on the wire waits its turn at the gate; a server that asks for a pause (429/503 with
  // Retry-After) gets it from every worker sharing the gate, set before the host is released
  const politeGet = (url: URL, get: () => Promise<HttpResponse | FailureResult>) =>
    gate.run(url.host, async () => {
      const res = await get();
      if (gate.pause && res.ok && (res.status === 429 || res.status === 503)) {
        const sec = parseRetryAfter(res.headers['retry-after'], clock.now());
        if (sec) await gate.pause(url.host, Math.min(sec * 1000, MAX_PAUSE_MS));
      }
      return res;
    });
  const robots = new RobotsCache(userAgent, (robotsUrl) => politeGet(robotsUrl, () => httpGet(robotsUrl, { limits: { ...limits, maxBytes: 500_000 }, userAgent, dispatcher })), {
    ...(opts.robotsStore ? { store: opts.robotsStore } : {}),
    now: () => clock.now(),
  });
  const maxRedirects = opts.maxRedirects ?? 5;

  const acceptPage = (url: URL) => (status: number, headers: Record<string, string>) => {
    const contentType = headers['content-type'] ?? '';
    if (contentType && !TEXT_TYPES.test(contentType)) {
      return fail('unsupported-content-type', `${url.href}: content type ${contentType.split(';')[0]} is not a web page`, false, status);
    }
    return undefined;
  };

  async function fetchPage(input: string): Promise<FetchResult> {
    const asked = stripCredentials(input.trim());
    let current = await checkUrl(input.trim(), guard);
    for (let hop = 0; ; hop++) {
      if (!(current instanceof URL)) return current;
      const url: URL = current;
      if (opts.respectRobots !== false) {
        const refused = await robots.check(url);
        if (refused) return refused;
      }
      const res = await politeGet(url, () => httpGet(url, { limits, userAgent, dispatcher, accept: acceptPage(url) }));
      if (!res.ok) return res;
      if (res.status >= 300 && res.status < 400 && res.headers.location) {
        if (hop >= maxRedirects) return fail('too-many-redirects', `${asked}: more than ${maxRedirects} redirects`, false, res.status);
        let next: URL;
        try {
          next = withoutCredentials(new URL(res.headers.location, url));
        } catch {
          return fail('bad-redirect', `${url.href}: redirect to an invalid location ${JSON.stringify(stripCredentials(res.headers.location))}`, false, res.status);
        }
        current = await checkUrl(next.href, guard);
        continue;
      }
      if (res.status < 200 || res.status >= 300) {
        const retryable = res.status === 429 || res.status === 408 || res.status >= 500;
        const header = res.headers['retry-after'];
        const retryAfterSec = parseRetryAfter(header, clock.now());
        const after = header ? ` (retry after ${header})` : '';
        return { ...fail('http-status', `${url.href}: HTTP ${res.status}${after}`, retryable, res.status), ...(retryAfterSec !== undefined ? { retryAfterSec } : {}) };
      }
      const contentType = res.headers['content-type'] ?? '';
      if (!res.body.length) return fail('empty', `${url.href}: the response body is empty`, false, res.status);
      const decoded = decodePage(res.body, contentType);
      if (decoded === 'binary') return fail('binary-content', `${url.href}: the body is binary data, not text`, false, res.status);
      if (!decoded.text.trim()) return fail('empty', `${url.href}: the page has no text`, false, res.status);
      return {
        ok: true,
        url: asked,
        finalUrl: url.href,
        status: res.status,
        contentType: contentType || 'text/html',
        charset: decoded.charset,
        body: decoded.text,
        ...(decoded.note ? { note: decoded.note } : {}),
        fetchedAt: new Date(clock.now()).toISOString(),
      };
    }
  }

  return {
    async fetch(input) {
      try {
        return await fetchPage(input);
      } catch (err) {
        // a bug, not a fetch outcome; still a value, and still without secrets
        return fail('network', stripCredentials(`${stripCredentials(input)}: unexpected error: ${(err as Error).message}`), true);
      }
    },
    close: () => dispatcher.close(),
  };
}
