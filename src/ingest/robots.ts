// robots.txt, fetched once per origin and cached. 4xx: everything allowed; 5xx or unreachable: nothing
// allowed for now (RFC 9309, 2.3.1.4), retryable.
import robotsParserModule from 'robots-parser';
import { type HttpLimits, httpGet } from './http.js';

interface Robots {
  isAllowed(url: string, ua?: string): boolean | undefined;
}
// the package's typings do not describe its CommonJS default export under NodeNext
const robotsParser = robotsParserModule as unknown as (url: string, robotstxt: string) => Robots;

export type RobotsVerdict = { allowed: true } | { allowed: false; detail: string; retryable: boolean };

export class RobotsCache {
  private readonly cache = new Map<string, Promise<Robots | 'unreachable'>>();

  constructor(
    private readonly userAgent: string,
    private readonly limits: HttpLimits,
  ) {}

  private load(origin: string): Promise<Robots | 'unreachable'> {
    let p = this.cache.get(origin);
    if (!p) {
      const robotsUrl = new URL('/robots.txt', origin);
      p = httpGet(robotsUrl, { ...this.limits, maxBytes: 500_000 }, this.userAgent).then((res) => {
        if (!res.ok) return 'unreachable' as const;
        if (res.status >= 500) return 'unreachable' as const;
        return robotsParser(robotsUrl.href, res.status >= 200 && res.status < 300 ? res.body.toString('utf8') : '');
      });
      this.cache.set(origin, p);
    }
    return p;
  }

  async check(url: URL): Promise<RobotsVerdict> {
    const robots = await this.load(url.origin);
    if (robots === 'unreachable') {
      this.cache.delete(url.origin); // try again next time
      return { allowed: false, detail: `${url.origin}/robots.txt could not be read (server error or unreachable)`, retryable: true };
    }
    if (robots.isAllowed(url.href, this.userAgent) === false) {
      return { allowed: false, detail: `${url.href} is disallowed by ${url.origin}/robots.txt`, retryable: false };
    }
    return { allowed: true };
  }
}
