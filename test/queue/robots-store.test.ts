// robots.txt shared through Redis: read once for all workers, failures never kept, entries expiring.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher, type FetchResult } from '../../src/ingest/index.js';
import { RobotsCache, type RobotsStore } from '../../src/ingest/robots.js';
import { redisRobotsStore } from '../../src/queue/robots-store.js';
import { html, page, robots, startServer, type TestServer } from '../helpers/server.js';

const prefix = `nd-test-${randomUUID()}`;
const ARTICLE = page('A quiet harbour', ['The harbour was quiet on Sunday, the port authority said.']);
let r1: Redis;
let r2: Redis;
const servers: TestServer[] = [];

beforeAll(() => {
  r1 = new Redis({ host: '127.0.0.1', port: 6379 });
  r2 = new Redis({ host: '127.0.0.1', port: 6379 });
});

afterAll(async () => {
  const keys = await r1.keys(`${prefix}:*`);
  if (keys.length) await r1.del(...keys);
  r1.disconnect();
  r2.disconnect();
  await Promise.all(servers.map((s) => s.close()));
});

/** A server of its own per test, so its log counts only that test's requests. */
async function serve(robotsRoute: Parameters<typeof startServer>[0][string]): Promise<TestServer> {
  const server = await startServer({ '/robots.txt': robotsRoute, '/ok': html(ARTICLE), '/private/secret': html(ARTICLE) });
  servers.push(server);
  return server;
}

const fetcherOn = (redis: Redis, ttlSec?: number) =>
  createFetcher({ allowPrivateHosts: true, minDelayMs: 0, totalTimeoutMs: 5_000, robotsStore: redisRobotsStore(redis, { prefix, ...(ttlSec ? { ttlSec } : {}) }) });
const robotsRequests = (server: TestServer) => server.log.filter((l) => l === 'GET /robots.txt').length;
const reason = (r: FetchResult) => (r.ok ? 'ok' : r.reason);

describe('Redis robots store', () => {
  it('reads robots.txt once for two fetchers sharing the store, and both obey it', async () => {
    const server = await serve(robots('User-agent: *', 'Disallow: /private/'));
    const a = fetcherOn(r1);
    const b = fetcherOn(r2);
    expect(reason(await a.fetch(`${server.url}/ok`))).toBe('ok');
    expect(reason(await b.fetch(`${server.url}/ok`))).toBe('ok');
    expect(reason(await b.fetch(`${server.url}/private/secret`))).toBe('robots-disallowed');
    expect(robotsRequests(server)).toBe(1);
    expect(server.log.filter((l) => l === 'GET /ok')).toHaveLength(2);
    expect(server.log).not.toContain('GET /private/secret');
  });

  it('keeps a robots.txt for ttlSec', async () => {
    const server = await serve(robots('User-agent: *', 'Disallow: /private/'));
    await fetcherOn(r1, 120).fetch(`${server.url}/ok`);
    const key = `${prefix}:robots:${server.url}`;
    expect(await r2.get(key)).toBe('User-agent: *\nDisallow: /private/\n');
    const pttl = await r2.pttl(key);
    expect(pttl).toBeGreaterThan(110_000);
    expect(pttl).toBeLessThanOrEqual(120_000);
    expect(await r2.pttl(`${prefix}:robots:http://unread.example`)).toBe(-2); // nothing for an origin not read
  });

  it('keeps a 4xx robots.txt as empty text: everything allowed, for every fetcher', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(404).end('no robots here');
    });
    expect(reason(await fetcherOn(r1).fetch(`${server.url}/private/secret`))).toBe('ok');
    expect(await r2.get(`${prefix}:robots:${server.url}`)).toBe('');
    expect(reason(await fetcherOn(r2).fetch(`${server.url}/private/secret`))).toBe('ok');
    expect(robotsRequests(server)).toBe(1);
  });

  it('never keeps a robots.txt that answered 500, in Redis or in memory', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(500).end('oops');
    });
    const f = fetcherOn(r1);
    const first = await f.fetch(`${server.url}/ok`);
    expect(first.ok === false && first.retryable).toBe(true);
    expect(reason(first)).toBe('robots-disallowed');
    expect(await r2.exists(`${prefix}:robots:${server.url}`)).toBe(0);
    expect(reason(await f.fetch(`${server.url}/ok`))).toBe('robots-disallowed');
    expect(reason(await fetcherOn(r2).fetch(`${server.url}/ok`))).toBe('robots-disallowed');
    expect(robotsRequests(server)).toBe(3);
    expect(server.log).not.toContain('GET /ok');
  });
});

describe('RobotsCache with a store', () => {
  it('trusts its own copy for memoryTtlMs, then asks the store again (not the server)', async () => {
    const origin = `http://${randomUUID()}.example`;
    const shared = redisRobotsStore(r1, { prefix });
    let storeReads = 0;
    const store: RobotsStore = {
      get: (o) => {
        storeReads++;
        return shared.get(o);
      },
      set: (o, text) => shared.set(o, text),
    };
    await shared.set(origin, 'User-agent: *\nDisallow: /private/\n');
    let now = 0;
    let serverReads = 0;
    const cache = new RobotsCache('newsdesk', async () => {
      serverReads++;
      return { ok: true, status: 200, headers: {}, body: Buffer.from('') };
    }, { store, memoryTtlMs: 1_000, now: () => now });
    const secret = new URL(`${origin}/private/secret`);
    expect((await cache.check(secret))?.reason).toBe('robots-disallowed');
    now = 999;
    expect((await cache.check(secret))?.reason).toBe('robots-disallowed');
    expect(storeReads).toBe(1);
    now = 1_000;
    expect((await cache.check(secret))?.reason).toBe('robots-disallowed');
    expect(storeReads).toBe(2);
    expect(serverReads).toBe(0);
  });

  it('reads robots.txt itself when the store cannot answer', async () => {
    const down: RobotsStore = {
      get: () => Promise.reject(new Error('store down')),
      set: () => Promise.reject(new Error('store down')),
    };
    let serverReads = 0;
    const cache = new RobotsCache('newsdesk', async () => {
      serverReads++;
      return { ok: true, status: 200, headers: {}, body: Buffer.from('User-agent: *\nDisallow: /private/\n') };
    }, { store: down });
    expect((await cache.check(new URL('http://news.example/private/x')))?.reason).toBe('robots-disallowed');
    expect(await cache.check(new URL('http://news.example/ok'))).toBeUndefined();
    expect(serverReads).toBe(1);
  });
});
