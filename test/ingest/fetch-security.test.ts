// The fetcher as an attacker sees it: DNS answers that change between the check and the connection,
// names that point inside, IP literals that skip the look-up, and URLs carrying credentials. Nothing here
// connects anywhere but the test server on 127.0.0.1: injected resolvers answer every name.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkedAgent } from '../../src/ingest/connect.js';
import { createFetcher, type FetchResult } from '../../src/ingest/fetcher.js';
import { httpGet } from '../../src/ingest/http.js';
import { html, page, robots, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let port: string;
const ARTICLE = page('A quiet harbour', ['The harbour was quiet on Sunday, the port authority said.']);

beforeAll(async () => {
  server = await startServer({
    '/robots.txt': robots('User-agent: *', 'Disallow: /private/'),
    '/ok': html(ARTICLE),
    '/404': (_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('gone');
    },
    '/to-credentials': (_req, res) => {
      res.writeHead(302, { location: `http://user:secret@127.0.0.1:${port}/ok` }).end();
    },
    '/to-credentials-404': (_req, res) => {
      res.writeHead(302, { location: `http://user:secret@127.0.0.1:${port}/404` }).end();
    },
    '/to-bad-location': (_req, res) => {
      res.writeHead(302, { location: 'http://user:secret@[oops/x' }).end();
    },
    '/to-name': (_req, res) => {
      res.writeHead(302, { location: `http://hop.example:${port}/ok` }).end();
    },
  });
  port = new URL(server.url).port;
});
afterAll(() => server.close());
beforeEach(() => {
  server.log.length = 0;
  server.requests.length = 0;
});

const failure = (r: FetchResult) => (r.ok ? { ok: true } : { reason: r.reason, retryable: r.retryable });

/** A resolver that answers a public address the first time it is asked and loopback ever after. */
function rebinding() {
  const calls: string[] = [];
  const resolve = async (host: string) => {
    calls.push(host);
    return calls.length === 1 ? ['93.184.216.34'] : ['127.0.0.1'];
  };
  return { calls, resolve };
}

describe('DNS rebinding: the connection is checked, not only the name', () => {
  it('refuses a name that resolves public at the check and loopback at connect time (robots.txt request)', async () => {
    const { calls, resolve } = rebinding();
    const r = await createFetcher({ minDelayMs: 0, resolve }).fetch(`http://rebind.example:${port}/ok`);
    expect(failure(r)).toEqual({ reason: 'refused-address', retryable: false });
    expect(!r.ok && r.detail).toMatch(/^rebind\.example resolves to 127\.0\.0\.1, which is loopback \(127\.0\.0\.0\/8\)/);
    expect(calls).toEqual(['rebind.example', 'rebind.example']); // the guard's look-up, then the connection's
    expect(server.log).toEqual([]);
  });

  it('refuses it for the page request too (robots.txt not asked)', async () => {
    const { calls, resolve } = rebinding();
    const r = await createFetcher({ minDelayMs: 0, resolve, respectRobots: false }).fetch(`http://rebind.example:${port}/ok`);
    expect(failure(r)).toEqual({ reason: 'refused-address', retryable: false });
    expect(calls.length).toBe(2);
    expect(server.log).toEqual([]);
  });

  it('refuses an IP literal at connect time even when the guard is bypassed', async () => {
    const dispatcher = checkedAgent({ allowPrivateHosts: false, connectTimeoutMs: 1_000 });
    const limits = { maxBytes: 1_000_000, headersTimeoutMs: 1_000, totalTimeoutMs: 2_000 };
    for (const url of [`${server.url}/ok`, `http://[::1]:${port}/ok`, `http://[::ffff:127.0.0.1]:${port}/ok`]) {
      const r = await httpGet(new URL(url), { limits, userAgent: 'test', dispatcher });
      expect(r.ok ? 'connected' : r.reason, url).toBe('refused-address');
    }
    await dispatcher.close();
    expect(server.log).toEqual([]);
  });

  it('checks a redirect target when connecting: its name goes through the resolver at connect time', async () => {
    const asked: string[] = [];
    const resolve = async (host: string) => {
      asked.push(host);
      if (host === 'hop.example') throw new Error('no such host');
      return ['127.0.0.1'];
    };
    const r = await createFetcher({ minDelayMs: 0, allowPrivateHosts: true, resolve, respectRobots: false }).fetch(`${server.url}/to-name`);
    expect(failure(r)).toEqual({ reason: 'dns-failure', retryable: true });
    expect(asked).toEqual(['hop.example']);
    expect(server.log).toEqual(['GET /to-name']);
  });
});

describe('names that point inside', () => {
  it('refuses a name resolving to loopback, before any request', async () => {
    const asked: string[] = [];
    const resolve = async (host: string) => {
      asked.push(host);
      return ['127.0.0.1'];
    };
    const r = await createFetcher({ minDelayMs: 0, resolve }).fetch(`http://localtest.example:${port}/ok`);
    expect(failure(r)).toEqual({ reason: 'refused-address', retryable: false });
    expect(!r.ok && r.detail).toContain('localtest.example resolves to 127.0.0.1, which is loopback');
    expect(!r.ok && r.detail).toContain('--allow-private-hosts');
    expect(asked).toEqual(['localtest.example']);
    expect(server.log).toEqual([]);
  });

  it('with private hosts allowed, connects through the injected resolver and keeps the host name', async () => {
    const asked: string[] = [];
    const resolve = async (host: string) => {
      asked.push(host);
      return ['127.0.0.1'];
    };
    const f = createFetcher({ minDelayMs: 0, resolve, allowPrivateHosts: true });
    const r = await f.fetch(`http://localtest.example:${port}/ok`);
    expect(r.ok && r.finalUrl).toBe(`http://localtest.example:${port}/ok`);
    expect(asked).toContain('localtest.example');
    expect(server.requests.map((q) => [q.url, q.headers.host])).toEqual([
      ['/robots.txt', `localtest.example:${port}`],
      ['/ok', `localtest.example:${port}`],
    ]);
    await f.close?.();
  });

  it('refuses a name with a private address among public ones, and a resolver that fails is a DNS failure', async () => {
    const mixed = await createFetcher({ minDelayMs: 0, resolve: async () => ['93.184.216.34', '::1'] }).fetch(`http://mixed.example:${port}/ok`);
    expect(failure(mixed)).toEqual({ reason: 'refused-address', retryable: false });
    const broken = await createFetcher({ minDelayMs: 0, resolve: () => Promise.reject(new Error('SERVFAIL')) }).fetch(`http://broken.example:${port}/ok`);
    expect(failure(broken)).toEqual({ reason: 'dns-failure', retryable: true });
    const empty = await createFetcher({ minDelayMs: 0, resolve: async () => [] }).fetch(`http://empty.example:${port}/ok`);
    expect(failure(empty)).toEqual({ reason: 'dns-failure', retryable: true });
    expect(server.log).toEqual([]);
  });
});

describe('credentials in URLs', () => {
  const fetcher = (opts = {}) => createFetcher({ allowPrivateHosts: true, minDelayMs: 0, totalTimeoutMs: 2_000, headersTimeoutMs: 1_000, ...opts });
  const noSecret = (r: FetchResult) => {
    const json = JSON.stringify(r);
    expect(json).not.toContain('secret');
    expect(json).not.toContain('user:');
    for (const q of server.requests) {
      expect(q.headers.authorization, q.url).toBeUndefined();
      expect(JSON.stringify(q.headers)).not.toContain('secret');
    }
  };

  it('fetches without them and never repeats them', async () => {
    const r = await fetcher().fetch(`http://user:secret@127.0.0.1:${port}/ok`);
    expect(r.ok && [r.url, r.finalUrl]).toEqual([`${server.url}/ok`, `${server.url}/ok`]);
    expect(server.log).toEqual(['GET /robots.txt', 'GET /ok']);
    noSecret(r);
  });

  it('keeps them out of failures', async () => {
    const cases: [string, string][] = [
      [`http://user:secret@127.0.0.1:${port}/404`, 'http-status'],
      [`http://user:secret@127.0.0.1:${port}/private/x`, 'robots-disallowed'],
      [`http://user:secret@127.0.0.1:${port}/to-credentials-404`, 'http-status'],
      [`http://user:secret@127.0.0.1:${port}/to-bad-location`, 'bad-redirect'],
      ['http://user:secret@exa mple.com/', 'invalid-url'],
      ['ftp://user:secret@127.0.0.1/file', 'unsupported-scheme'],
      ['http://user:secret@127.0.0.1:1/closed-port', 'robots-disallowed'],
    ];
    for (const [url, reason] of cases) {
      const r = await fetcher().fetch(url);
      expect(r.ok ? 'ok' : r.reason, url).toBe(reason);
      noSecret(r);
    }
    const closed = await fetcher({ respectRobots: false }).fetch('http://user:secret@127.0.0.1:1/closed-port');
    expect(failure(closed)).toEqual({ reason: 'network', retryable: true });
    noSecret(closed);
    const strict = await createFetcher({ minDelayMs: 0 }).fetch(`http://user:secret@127.0.0.1:${port}/ok`);
    expect(failure(strict)).toEqual({ reason: 'refused-address', retryable: false });
    noSecret(strict);
  });

  it('drops them from a redirect target', async () => {
    const r = await fetcher().fetch(`${server.url}/to-credentials`);
    expect(r.ok && r.finalUrl).toBe(`${server.url}/ok`);
    expect(server.log).toContain('GET /ok');
    noSecret(r);
  });
});
