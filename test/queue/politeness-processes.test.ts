// Politeness across worker processes: two `newsdesk worker`s share one host's turns through Redis. The test
// servers log when each request started and ended, so the log shows what the hosts saw: one request at a
// time, the minimum delay from the end of one to the start of the next, a Retry-After kept by both
// workers, and a second host served meanwhile.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { waitForBatch } from '../../src/queue/batch.js';
import { openQueues, type Queues } from '../../src/queue/connection.js';
import { enqueueUrls } from '../../src/queue/enqueue.js';
import { Store } from '../../src/store/index.js';
import { dropRedisPrefix } from '../helpers/private-services.js';
import { killAll, type NewsdeskProcess, socketOwner, startWorkerProcess, workerEnv } from '../helpers/processes.js';
import { page, startServer, type TestServer } from '../helpers/server.js';
import { dropSchema, newSchemaName, POSTGRES_URL } from '../helpers/services.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const MIN_DELAY = 300;
// the server's clock and Redis's are the same clock, read to the millisecond: a little rounding, no more
const TOLERANCE = 5;

interface Served {
  path: string;
  start: number;
  end: number;
  status: number;
  /** The worker process whose connection carried it (Linux), else undefined. */
  pid: number | undefined;
}

interface Site {
  server: TestServer;
  host: string;
  urls: string[];
  served: Served[];
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await killAll();
  for (const c of cleanups.splice(0).reverse()) await c().catch((err) => console.error('cleanup:', err));
});

/** `count` articles of our own at /story/<i>, each answered after delayMs; `status` answers a path with
 * another status (and headers) the first time it is asked for. */
async function site(name: string, count: number, delayMs: number, workers: () => NewsdeskProcess[], status: Record<string, [number, Record<string, string>]> = {}): Promise<Site> {
  const served: Served[] = [];
  const answered = new Set<string>();
  const server = await startServer({}, async (req, res) => {
    const start = Date.now();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const pid = existsSync('/proc/net/tcp') ? socketOwner(req.socket.remotePort ?? 0, workers())?.pid : undefined;
    const i = /^\/story\/(\d+)$/.exec(path)?.[1];
    if (i === undefined) {
      served.push({ path, start, end: Date.now(), status: 404, pid });
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'); // robots.txt: all allowed
      return;
    }
    await sleep(delayMs);
    const special = status[path];
    if (special && !answered.has(path)) {
      answered.add(path);
      served.push({ path, start, end: Date.now(), status: special[0], pid });
      res.writeHead(special[0], { 'content-type': 'text/plain', ...special[1] }).end('not now');
      return;
    }
    served.push({ path, start, end: Date.now(), status: 200, pid });
    const body = page(`${name} council story ${i}`, [
      `The ${name} council met on Monday to discuss item ${i} of its agenda, a plan for the harbour road.`,
      `"We will decide on item ${i} before the summer," the council leader, Maria Lindqvist, said.`,
      `Residents near the road have asked for a crossing since ${2000 + Number(i)}.`,
    ]);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
  });
  cleanups.push(() => server.close());
  const urls = Array.from({ length: count }, (_, k) => `${server.url}/story/${k}`);
  return { server, host: new URL(server.url).host, urls, served };
}

interface Env {
  queues: Queues;
  store: Store;
  workers: NewsdeskProcess[];
}

/** A prefix and a schema of the test's own, and two workers with a minimum delay of MIN_DELAY per host. */
async function openEnv(): Promise<Env> {
  const prefix = `nd-test-${randomUUID().slice(0, 12)}`;
  const schema = newSchemaName();
  cleanups.push(() => dropRedisPrefix(REDIS_URL, prefix));
  cleanups.push(() => dropSchema(schema));
  const store = await Store.open({ databaseUrl: POSTGRES_URL, schema });
  cleanups.push(() => store.close());
  const queues = openQueues(REDIS_URL, prefix);
  cleanups.push(() => queues.close());
  const env = workerEnv({ redisUrl: REDIS_URL, prefix, databaseUrl: POSTGRES_URL, schema }, { NEWSDESK_MIN_DELAY_MS: String(MIN_DELAY) });
  const workers = await Promise.all([startWorkerProcess(env, 'worker-a'), startWorkerProcess(env, 'worker-b')]);
  return { queues, store, workers };
}

async function storeAll(env: Env, urls: string[], timeoutMs = 40_000) {
  const { jobs } = await enqueueUrls(env.queues, urls);
  const until = Date.now() + timeoutMs;
  try {
    return await waitForBatch(
      env.queues,
      jobs.map((j) => j.jobId),
      (p) => {
        if (Date.now() > until) throw new Error(`batch not done within ${timeoutMs} ms: ${JSON.stringify(p)}`);
      },
      200,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${env.workers.map((w) => `${w.name}:\n${w.lines.slice(-8).join('\n')}`).join('\n')}`);
  }
}

/** Requests to one host never overlap, and each starts MIN_DELAY (less the rounding) after the last ended. */
function expectPolite(served: Served[], minDelay = MIN_DELAY): void {
  const sorted = [...served].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1] as Served;
    const cur = sorted[i] as Served;
    expect(cur.start - prev.end, `${cur.path} started ${cur.start - prev.end} ms after ${prev.path} ended`).toBeGreaterThanOrEqual(minDelay - TOLERANCE);
  }
}

describe('politeness across worker processes', () => {
  it('two workers: one request at a time per host, MIN_DELAY from end to start; another host is served meanwhile', async () => {
    const env = await openEnv();
    const workers = () => env.workers;
    // more of the first host's URLs than the two workers have fetch slots (2 × 4)
    const a = await site('Northport', 20, 50, workers);
    const b = await site('Southby', 4, 50, workers);
    // the second host's URLs queued after all of the first's
    const result = await storeAll(env, [...a.urls, ...b.urls]);
    expect(result).toMatchObject({ total: 24, stored: 24, failed: 0 });

    // each article once; robots.txt at most once per worker (both may miss the shared copy at first)
    for (const s of [a, b]) {
      expect(s.served.filter((r) => r.status === 200).map((r) => r.path).sort()).toEqual(s.urls.map((u) => new URL(u).pathname).sort());
      expect(s.served.filter((r) => r.path === '/robots.txt').length).toBeLessThanOrEqual(2);
      expectPolite(s.served);
    }
    // both processes fetched from the first host, so the turns above were kept across processes
    if (existsSync('/proc/net/tcp')) expect(new Set(a.served.map((r) => r.pid)).size).toBe(2);

    // the second host did not wait for the first to be done: all its requests came while the first's went on
    const aFirst = Math.min(...a.served.map((r) => r.start));
    const aLast = Math.max(...a.served.map((r) => r.start));
    for (const r of b.served) {
      expect(r.start).toBeGreaterThan(aFirst);
      expect(r.start, `${r.path} of the second host`).toBeLessThan(aLast);
    }
    // nor for slots: the first host's jobs wait for their turns in the delayed set, not in the workers' slots,
    // so the second host's first request comes about as soon as it is queued (the first host takes ~7 s)
    const bFirst = Math.min(...b.served.filter((r) => r.status === 200).map((r) => r.start));
    expect(bFirst - aFirst, 'the second host waited for fetch slots held by the first').toBeLessThan(1500);
  }, 120_000);

  it('429 with Retry-After: 2: neither worker asks that host again for 2 s; the page is fetched after and stored', async () => {
    const env = await openEnv();
    const c = await site('Westfield', 6, 20, () => env.workers, { '/story/2': [429, { 'retry-after': '2' }] });
    const result = await storeAll(env, c.urls);
    expect(result).toMatchObject({ total: 6, stored: 6, failed: 0 });

    const refused = c.served.filter((r) => r.status === 429);
    expect(refused.map((r) => r.path)).toEqual(['/story/2']);
    const pausedAt = (refused[0] as Served).end;
    const after = c.served.filter((r) => r.start > pausedAt);
    expect(after.map((r) => r.path)).toContain('/story/2'); // asked again, later
    for (const r of after) expect(r.start - pausedAt, `${r.path} asked ${r.start - pausedAt} ms after the 429`).toBeGreaterThanOrEqual(2000 - TOLERANCE);
    expectPolite(c.served);
    expect(c.served.filter((r) => r.status === 200)).toHaveLength(6);

    // the 429 was a failure of its own, resolved by the later success
    expect(await env.store.failures()).toEqual([]);
    const all = await env.store.failures({ includeResolved: true });
    expect(all).toEqual([expect.objectContaining({ input: c.urls[2], stage: 'fetch', reason: 'http-status', resolvedAt: expect.any(String) })]);
  }, 120_000);
});
