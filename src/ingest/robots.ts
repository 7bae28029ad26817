// robots.txt, fetched once per origin and cached. 4xx: everything allowed; 5xx or unreachable: nothing
// allowed for now (RFC 9309, 2.3.1.4), retryable, and not cached anywhere. A robots.txt whose host the
// address policy refuses refuses the page with that reason. The request goes through the fetcher's `get`
// (the host gate and the checked agent); a cached answer costs no request, so no politeness delay either.
// An optional store shares the text between processes, behind this process's own cache.
import robotsParserModule from 'robots-parser';
import { type FailureResult, fail } from './failure.js';
import type { HttpResponse } from './http.js';

interface Robots {
  isAllowed(url: string, ua?: string): boolean | undefined;
}
// the package's typings do not describe its CommonJS default export under NodeNext
const robotsParser = robotsParserModule as unknown as (url: string, robotstxt: string) => Robots;

const isFailure = (x: Robots | FailureResult): x is FailureResult => (x as FailureResult).ok === false;

export type RobotsGet = (robotsUrl: URL) => Promise<HttpResponse | FailureResult>;

/** robots.txt texts by origin, shared by processes ('' for a 4xx: all allowed). */
export interface RobotsStore {
  get(origin: string): Promise<string | undefined>;
  set(origin: string, robotsTxt: string): Promise<void>;
}

export interface RobotsCacheOptions {
  store?: RobotsStore;
  /** How long this process trusts its own copy. @defaultValue forever without a store; 60 s with one, whose TTL rules */
  memoryTtlMs?: number;
  now?: () => number;
}

interface Entry {
  at: number;
  robots: Promise<Robots | FailureResult>;
}

export class RobotsCache {
  /** In insertion order, which is age order: expired entries are swept from the front. */
  private readonly cache = new Map<string, Entry>();
  private readonly store: RobotsStore | undefined;
  private readonly memoryTtlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly userAgent: string,
    private readonly get: RobotsGet,
    opts: RobotsCacheOptions = {},
  ) {
    this.store = opts.store;
    this.memoryTtlMs = opts.memoryTtlMs ?? (opts.store ? 60_000 : Number.POSITIVE_INFINITY);
    this.now = opts.now ?? Date.now;
  }

  private load(origin: string): Promise<Robots | FailureResult> {
    const now = this.now();
    for (const [key, old] of this.cache) {
      if (now - old.at < this.memoryTtlMs) break;
      this.cache.delete(key);
    }
    const hit = this.cache.get(origin);
    if (hit) return hit.robots;
    const entry: Entry = { at: now, robots: this.read(origin) };
    this.cache.set(origin, entry);
    // failures (and errors) are not kept: the next check tries again
    const forget = () => {
      if (this.cache.get(origin) === entry) this.cache.delete(origin);
    };
    entry.robots.then((r) => isFailure(r) && forget(), forget);
    return entry.robots;
  }

  private async read(origin: string): Promise<Robots | FailureResult> {
    const robotsUrl = new URL('/robots.txt', origin);
    // the store only saves requests: when it cannot answer, this process reads robots.txt itself
    const stored = await this.store?.get(origin).catch(() => undefined);
    if (stored !== undefined) return robotsParser(robotsUrl.href, stored);
    const res = await this.get(robotsUrl);
    if (!res.ok) {
      // the address policy's and the resolver's verdicts are the page's too
      if (res.reason === 'refused-address' || res.reason === 'dns-failure') return res;
      return fail('robots-disallowed', `${robotsUrl.href} could not be read (${res.reason}: ${res.detail.replace(`${robotsUrl.href}: `, '')}); nothing is fetched from ${origin} until it can be`, true);
    }
    if (res.status >= 500) return fail('robots-disallowed', `${robotsUrl.href} could not be read (HTTP ${res.status}); nothing is fetched from ${origin} until it can be`, true, res.status);
    const text = res.status >= 200 && res.status < 300 ? res.body.toString('utf8') : '';
    await this.store?.set(origin, text).catch(() => {});
    return robotsParser(robotsUrl.href, text);
  }

  /** Undefined when the URL may be fetched, else the failure that says why not. */
  async check(url: URL): Promise<FailureResult | undefined> {
    const robots = await this.load(url.origin);
    if (isFailure(robots)) return robots;
    if (robots.isAllowed(url.href, this.userAgent) === false) {
      // the path first, not the URL: the detail reads on its own after the input it belongs to
      return fail('robots-disallowed', `${url.pathname}${url.search} is disallowed by ${url.origin}/robots.txt`);
    }
    return undefined;
  }
}
