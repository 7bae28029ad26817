// robots.txt, fetched once per origin and cached. 4xx: everything allowed; 5xx or unreachable: nothing
// allowed for now (RFC 9309, 2.3.1.4), retryable, and not cached. A robots.txt whose host the address
// policy refuses refuses the page with that reason. The request goes through the fetcher's `get` (the
// host gate and the checked agent); a cached answer costs no request, so no politeness delay either.
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

export class RobotsCache {
  private readonly cache = new Map<string, Promise<Robots | FailureResult>>();

  constructor(
    private readonly userAgent: string,
    private readonly get: RobotsGet,
  ) {}

  private load(origin: string): Promise<Robots | FailureResult> {
    let p = this.cache.get(origin);
    if (!p) {
      const robotsUrl = new URL('/robots.txt', origin);
      p = this.get(robotsUrl).then((res) => {
        if (!res.ok) {
          // the address policy's and the resolver's verdicts are the page's too
          if (res.reason === 'refused-address' || res.reason === 'dns-failure') return res;
          return fail('robots-disallowed', `${robotsUrl.href} could not be read (${res.reason}: ${res.detail.replace(`${robotsUrl.href}: `, '')}); nothing is fetched from ${origin} until it can be`, true);
        }
        if (res.status >= 500) return fail('robots-disallowed', `${robotsUrl.href} could not be read (HTTP ${res.status}); nothing is fetched from ${origin} until it can be`, true, res.status);
        return robotsParser(robotsUrl.href, res.status >= 200 && res.status < 300 ? res.body.toString('utf8') : '');
      });
      this.cache.set(origin, p);
    }
    return p;
  }

  /** Undefined when the URL may be fetched, else the failure that says why not. */
  async check(url: URL): Promise<FailureResult | undefined> {
    const robots = await this.load(url.origin);
    if (isFailure(robots)) {
      this.cache.delete(url.origin); // try again next time
      return robots;
    }
    if (robots.isAllowed(url.href, this.userAgent) === false) {
      // the path first, not the URL: the detail reads on its own after the input it belongs to
      return fail('robots-disallowed', `${url.pathname}${url.search} is disallowed by ${url.origin}/robots.txt`);
    }
    return undefined;
  }
}
