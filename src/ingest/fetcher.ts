// Fetching a page politely and safely: SSRF guard on every hop, robots.txt, one request at a time per host
// with a minimum delay, at most 5 redirects, byte and time limits, content-type check, charset decoding.
import { decodeBody, looksBinary } from './decode.js';
import { fail, type FailureResult } from './failure.js';
import { checkUrl, type GuardOptions } from './guard.js';
import { DEFAULT_USER_AGENT, type HttpLimits, httpGet } from './http.js';
import { type Clock, HostGate, systemClock } from './politeness.js';
import { RobotsCache } from './robots.js';

export interface FetchedPage {
  ok: true;
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
  /** Minimum pause between two requests to one host. @defaultValue 1000 ms */
  minDelayMs?: number;
  /** @defaultValue true */
  respectRobots?: boolean;
  userAgent?: string;
  clock?: Clock;
  resolve?: GuardOptions['resolve'];
}

const TEXT_TYPES = /^(text\/html|application\/xhtml\+xml|text\/plain|application\/xml|text\/xml)\b/i;

export interface Fetcher {
  fetch(url: string): Promise<FetchResult>;
}

export function createFetcher(opts: FetcherOptions = {}): Fetcher {
  const limits: HttpLimits = {
    maxBytes: opts.maxBytes ?? 5_000_000,
    headersTimeoutMs: opts.headersTimeoutMs ?? 10_000,
    totalTimeoutMs: opts.totalTimeoutMs ?? 30_000,
  };
  const userAgent = opts.userAgent ?? DEFAULT_USER_AGENT;
  const clock = opts.clock ?? systemClock;
  const gate = new HostGate(opts.minDelayMs ?? 1000, clock);
  const robots = new RobotsCache(userAgent, limits);
  const guard: GuardOptions = { allowPrivateHosts: opts.allowPrivateHosts ?? false, ...(opts.resolve ? { resolve: opts.resolve } : {}) };
  const maxRedirects = opts.maxRedirects ?? 5;

  async function fetchPage(input: string): Promise<FetchResult> {
    let current = await checkUrl(input.trim(), guard);
    for (let hop = 0; ; hop++) {
      if (!(current instanceof URL)) return current;
      const url: URL = current;
      if (opts.respectRobots !== false) {
        const verdict = await gate.run(url.host, () => robots.check(url));
        if (!verdict.allowed) return fail('robots-disallowed', verdict.detail, verdict.retryable);
      }
      const res = await gate.run(url.host, () => httpGet(url, limits, userAgent));
      if (!res.ok) return res;
      if (res.status >= 300 && res.status < 400 && res.headers.location) {
        if (hop >= maxRedirects) return fail('too-many-redirects', `${input}: more than ${maxRedirects} redirects`, false, res.status);
        let next: URL;
        try {
          next = new URL(res.headers.location, url);
        } catch {
          return fail('bad-redirect', `${url.href}: redirect to an invalid location ${JSON.stringify(res.headers.location)}`, false, res.status);
        }
        current = await checkUrl(next.href, guard);
        continue;
      }
      if (res.status < 200 || res.status >= 300) {
        const retryable = res.status === 429 || res.status === 408 || res.status >= 500;
        const after = res.headers['retry-after'] ? ` (retry after ${res.headers['retry-after']})` : '';
        return fail('http-status', `${url.href}: HTTP ${res.status}${after}`, retryable, res.status);
      }
      const contentType = res.headers['content-type'] ?? '';
      if (!res.body.length) return fail('empty', `${url.href}: the response body is empty`, false, res.status);
      if (contentType && !TEXT_TYPES.test(contentType)) {
        return fail('unsupported-content-type', `${url.href}: content type ${contentType.split(';')[0]} is not a web page`, false, res.status);
      }
      if (looksBinary(res.body)) return fail('binary-content', `${url.href}: the body is binary data, not text`, false, res.status);
      const decoded = decodeBody(res.body, contentType);
      if (!decoded.text.trim()) return fail('empty', `${url.href}: the page has no text`, false, res.status);
      return {
        ok: true,
        url: input,
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
  return { fetch: fetchPage };
}
