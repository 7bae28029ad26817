// The Redis host gate: two gates on two connections stand in for two worker processes sharing one Redis.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher } from '../../src/ingest/index.js';
import { createRedisGate, type RedisGate, type RedisGateOptions } from '../../src/queue/host-gate.js';
import { startServer, type TestServer } from '../helpers/server.js';

const MIN_DELAY = 150;
const prefix = `nd-test-${randomUUID()}`;
let r1: Redis;
let r2: Redis;
let server: TestServer;
/** Per request to /work: when the server got it and when it answered (ms, Date.now). */
const served: { start: number; end: number }[] = [];

beforeAll(async () => {
  r1 = new Redis({ host: '127.0.0.1', port: 6379 });
  r2 = new Redis({ host: '127.0.0.1', port: 6379 });
  server = await startServer({
    '/work': async (_req, res) => {
      const start = Date.now();
      await sleep(20);
      served.push({ start, end: Date.now() });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('done');
    },
    '/robots.txt': (_req, res) => {
      res.writeHead(404).end();
    },
    '/busy': (_req, res) => {
      res.writeHead(429, { 'retry-after': '1' }).end('slow down');
    },
  });
});

afterAll(async () => {
  const keys = await r1.keys(`${prefix}:*`);
  if (keys.length) await r1.del(...keys);
  r1.disconnect();
  r2.disconnect();
  await server.close();
});

/** Two gates on two connections, as two processes would have; each test its own host names. */
function gates(opts: Partial<RedisGateOptions> = {}): [RedisGate, RedisGate] {
  const gate = (r: Redis) => createRedisGate(r, { prefix, minDelayMs: MIN_DELAY, ...opts });
  return [gate(r1), gate(r2)];
}
const host = () => `h-${randomUUID()}.example`;

/** Intervals sorted by start: none overlaps the next, and each next starts MIN_DELAY after the end before it. */
function expectPolite(intervals: { start: number; end: number }[]): void {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    const cur = sorted[i];
    if (!prev || !cur) throw new Error('unreachable');
    expect(cur.start - prev.end, `interval ${i}`).toBeGreaterThanOrEqual(MIN_DELAY);
  }
}

describe('RedisGate', () => {
  it('runs one request at a time per host across processes, with the minimum delay from end to start', async () => {
    const [a, b] = gates();
    const h = host();
    let running = 0;
    let maxRunning = 0;
    const tasks: { start: number; end: number }[] = [];
    const task = async () => {
      const start = Date.now();
      running++;
      maxRunning = Math.max(maxRunning, running);
      const res = await fetch(`${server.url}/work`);
      await res.text();
      running--;
      tasks.push({ start, end: Date.now() });
    };
    served.length = 0;
    await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).run(h, task)));
    expect(maxRunning).toBe(1);
    expect(tasks).toHaveLength(8);
    expect(served).toHaveLength(8);
    expectPolite(tasks);
    expectPolite(served);
  });

  it('does not hold one host back for another', async () => {
    const [a, b] = gates();
    const busy = host();
    let busyRunning = false;
    const slow = a.run(busy, async () => {
      busyRunning = true;
      await sleep(300);
      busyRunning = false;
    });
    await sleep(20);
    const t0 = Date.now();
    const other = await b.run(host(), async () => ({ startedAfter: Date.now() - t0, busyRunning }));
    expect(other.busyRunning).toBe(true);
    expect(other.startedAfter).toBeLessThan(100);
    await slow;
  });

  it('a task that throws releases the host (after its rest)', async () => {
    const [a, b] = gates({ lockTtlMs: 10_000 });
    const h = host();
    let thrownAt = 0;
    await expect(
      a.run(h, async () => {
        thrownAt = Date.now();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await b.waitMs(h)).toBeGreaterThan(0);
    const startedAt = await b.run(h, async () => Date.now());
    expect(startedAt - thrownAt).toBeGreaterThanOrEqual(MIN_DELAY);
    expect(startedAt - thrownAt).toBeLessThan(1_000); // well before the lock would lapse
  });

  it('a lock whose holder died frees itself after lockTtlMs, and its late release frees nothing', async () => {
    // no rest, so only the live holder's lock can keep the host busy after the stale release
    const [dead, live] = gates({ lockTtlMs: 300, minDelayMs: 0 });
    const h = host();
    const t0 = Date.now();
    const taken = await dead.tryTake(h);
    if (!taken.taken) throw new Error('the free host was not taken');
    expect(await live.waitMs(h)).toBeGreaterThan(0);
    const waited = await live.run(h, async () => {
      const startedAfter = Date.now() - t0;
      // the dead holder comes back and releases: not its lock any more
      await dead.release(h, taken.token);
      return { startedAfter, waitAfterStaleRelease: await dead.waitMs(h) };
    });
    expect(waited.startedAfter).toBeGreaterThanOrEqual(300);
    expect(waited.startedAfter).toBeLessThan(800);
    expect(waited.waitAfterStaleRelease).toBeGreaterThan(0);
  });

  it('waitMs is >0 while the host is busy or resting and 0 once it is free; its key then expires', async () => {
    const [a, b] = gates();
    const h = host();
    const key = `${prefix}:host:${h}`;
    expect(await b.waitMs(h)).toBe(0);
    const whileBusy = await a.run(h, async () => ({ wait: await b.waitMs(h), pttl: await r2.pttl(key) }));
    expect(whileBusy.wait).toBeGreaterThan(0);
    expect(whileBusy.pttl).toBeGreaterThan(0); // the lock lapses on its own
    expect(whileBusy.pttl).toBeLessThanOrEqual(60_000);
    const resting = await b.waitMs(h);
    expect(resting).toBeGreaterThan(0);
    expect(resting).toBeLessThanOrEqual(MIN_DELAY);
    await sleep(resting + 5);
    expect(await b.waitMs(h)).toBe(0);
    expect(await r2.exists(key)).toBe(0);
  });

  it('book hands out turns in order across gates, each the delay plus the host\'s usual request time apart', async () => {
    const [a, b] = gates();
    const h = host();
    expect(await a.book(h)).toBe(0); // a free host: now
    // one request of ~60 ms teaches the gate how long this host's requests take (while the host has any
    // state to keep: an idle host's key expires with what it knew)
    await a.run(h, () => sleep(60));
    const turns = [await a.book(h), await b.book(h), await a.book(h)];
    expect(turns[0]).toBeLessThanOrEqual(MIN_DELAY); // after the rest of the request just made
    // later turns: one delay and one request time apart (the smoothed time starts at the first request's)
    expect((turns[1] as number) - (turns[0] as number)).toBeGreaterThanOrEqual(MIN_DELAY + 55);
    expect((turns[1] as number) - (turns[0] as number)).toBeLessThan(MIN_DELAY + 120);
    expect((turns[2] as number) - (turns[1] as number)).toBeGreaterThanOrEqual(MIN_DELAY + 55);
    // the bookings keep the key alive until the last turn
    expect(await r2.pttl(`${prefix}:host:${h}`)).toBeGreaterThan(2 * MIN_DELAY);
  });

  it('pause holds every gate back for the time given, and a shorter pause does not shorten it', async () => {
    const [a, b] = gates();
    const h = host();
    const t0 = Date.now();
    await a.pause(h, 400);
    await b.pause(h, 50);
    expect(await b.waitMs(h)).toBeGreaterThan(300);
    const starts = await Promise.all([a.run(h, async () => Date.now() - t0), b.run(h, async () => Date.now() - t0)]);
    for (const s of starts) expect(s).toBeGreaterThanOrEqual(400);
  });

  it('a 429 with Retry-After seen by one fetcher pauses the host for every worker', async () => {
    const [a, b] = gates();
    const fetcher = createFetcher({ allowPrivateHosts: true, gate: a, totalTimeoutMs: 5_000 });
    try {
      const r = await fetcher.fetch(`${server.url}/busy`);
      expect(!r.ok && r.retryAfterSec).toBe(1);
      const wait = await b.waitMs(new URL(server.url).host);
      expect(wait).toBeGreaterThan(800);
      expect(wait).toBeLessThanOrEqual(1_000);
    } finally {
      await fetcher.close?.();
    }
  });
});
