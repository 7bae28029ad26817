// Faults on the queue side, with real processes: `newsdesk worker`s killed with SIGKILL or stopped with
// SIGTERM, Redis and PostgreSQL stopped and started again under them. Whatever happens, every article of a
// batch ends up stored exactly once and nothing is left failed.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from '../../src/eval/gold-sets.js';
import { waitForBatch } from '../../src/queue/batch.js';
import { openQueues, type Queues } from '../../src/queue/connection.js';
import { enqueueUrls } from '../../src/queue/enqueue.js';
import { fetchJobId } from '../../src/queue/jobs.js';
import { Store } from '../../src/store/index.js';
import { dropRedisPrefix, type PrivateCluster, type PrivateRedis, postgresMissing, redisServerMissing, startPrivateCluster, startPrivateRedis } from '../helpers/private-services.js';
import { killAll, logsOf, type NewsdeskProcess, socketOwner, spawnNewsdesk, startWorkerProcess, workerEnv } from '../helpers/processes.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { dropSchema, newSchemaName, POSTGRES_URL } from '../helpers/services.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

// The fixture articles as bytes (one declares windows-1252), edited as latin1 so every byte stays as it was.
const FIXTURES = readdirSync(FIXTURES_DIR)
  .filter((f) => /\.(html|txt)$/.test(f))
  .sort()
  .map((f) => ({ file: f, name: f.replace(/\.\w+$/, ''), type: f.endsWith('.txt') ? 'text/plain; charset=utf-8' : 'text/html', body: readFileSync(join(FIXTURES_DIR, f)).toString('latin1') }));
const HTML_FIXTURES = FIXTURES.filter((f) => f.type === 'text/html');

/** A fixture served under its own path: it names that path canonical (two fixtures name another site's
 * page, which would make every copy one record) and carries a paragraph no other copy has. */
function copyOf(html: string, origin: string, path: string): Buffer {
  const marker = `<p>Filed as copy ${path} (${randomUUID()}).</p>`;
  let out = html.replace(/<head(\s[^>]*)?>/i, (m) => `${m}<link rel="canonical" href="${origin}${path}">`);
  out = /<\/article>/i.test(out) ? out.replace(/<\/article>/i, `${marker}</article>`) : out.replace(/<\/body>/i, `${marker}</body>`);
  return Buffer.from(out, 'latin1');
}

interface SiteOptions {
  /** Copies of the HTML fixtures, at /news/<i>/<fixture>; without it, each fixture once as it is. */
  copies?: number;
  /** Before each answer. @defaultValue 0 */
  delayMs?: number;
  /** A longer delay for these paths. */
  slow?: Record<string, number>;
  /** The path whose first request is held (see `trapped`). */
  trapPath?: string;
}

interface Site {
  server: TestServer;
  urls: string[];
  /** Requests per path. */
  hits: Map<string, number>;
  /** When each request to a path started and ended (Date.now()). */
  times: Map<string, { start: number; end?: number }[]>;
  /** The first request for the trap path, held without an answer until its connection closes (its worker
   * died) or 30 s pass: resolves as it arrives, with the client's port and whether the connection closed. */
  trapped: Promise<Trapped>;
}

interface Trapped {
  path: string;
  port: number;
  closed: Promise<boolean>;
}

/**
 * Articles served slowly enough for a fault to land while a batch is half done: `copies` distinct
 * documents made from the HTML fixtures, or the fixtures themselves at /fixtures/<file>.
 */
async function articleSite({ copies, delayMs = 0, slow = {}, trapPath }: SiteOptions): Promise<Site> {
  const hits = new Map<string, number>();
  const times = new Map<string, { start: number; end?: number }[]>();
  const pages = new Map<string, { type: string; body: Buffer }>();
  let trap: ((t: Trapped) => void) | undefined;
  const trapped = new Promise<Trapped>((resolve) => {
    trap = resolve;
  });
  const server = await startServer({}, async (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const t = { start: Date.now() } as { start: number; end?: number };
    times.set(path, [...(times.get(path) ?? []), t]);
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const doc = pages.get(path);
    if (!doc) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'); // robots.txt too: all allowed
      return;
    }
    if (trap && path === trapPath) {
      const caught = trap;
      trap = undefined;
      const closed = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 30_000);
        req.socket.once('close', () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
      caught({ path, port: req.socket.remotePort ?? 0, closed });
      if (await closed) return; // no one left to answer
    }
    await sleep(slow[path] ?? delayMs);
    t.end = Date.now();
    // no charset in an HTML page's header: its own <meta charset> says it
    res.writeHead(200, { 'content-type': doc.type }).end(doc.body);
  });
  const urls: string[] = [];
  if (copies === undefined) {
    for (const f of FIXTURES) pages.set(`/fixtures/${f.file}`, { type: f.type, body: Buffer.from(f.body, 'latin1') });
  }
  for (let i = 0; i < (copies ?? 0); i++) {
    const f = HTML_FIXTURES[i % HTML_FIXTURES.length] as (typeof FIXTURES)[number];
    const path = `/news/${i}/${f.name}`;
    pages.set(path, { type: f.type, body: copyOf(f.body, server.url, path) });
  }
  for (const path of pages.keys()) urls.push(`${server.url}${path}`);
  return { server, urls, hits, times, trapped };
}

interface Env {
  prefix: string;
  redisUrl: string;
  databaseUrl: string;
  store: Store;
  queues: Queues;
  workerEnv(more?: Record<string, string>): Record<string, string>;
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await killAll();
  // in reverse: what was opened last goes first (queues and store before their services)
  for (const c of cleanups.splice(0).reverse()) await c().catch((err) => console.error('cleanup:', err));
});

/** A prefix and a schema of the test's own (on the shared services unless given private ones). */
async function openEnv(opts: { redisUrl?: string; databaseUrl?: string } = {}): Promise<Env> {
  const prefix = `nd-test-${randomUUID().slice(0, 12)}`;
  const redisUrl = opts.redisUrl ?? REDIS_URL;
  const databaseUrl = opts.databaseUrl ?? POSTGRES_URL;
  // a private cluster is the test's alone: its public schema will do
  const schema = opts.databaseUrl ? undefined : newSchemaName();
  if (!opts.redisUrl) cleanups.push(() => dropRedisPrefix(redisUrl, prefix));
  if (schema) cleanups.push(() => dropSchema(schema));
  // opened (and migrated) before any worker, so the workers find the tables made
  const store = await Store.open({ databaseUrl, schema });
  cleanups.push(() => store.close());
  const queues = openQueues(redisUrl, prefix);
  cleanups.push(() => queues.close());
  return {
    prefix,
    redisUrl,
    databaseUrl,
    store,
    queues,
    workerEnv: (more = {}) => workerEnv({ redisUrl, prefix, databaseUrl, ...(schema ? { schema } : {}) }, more),
  };
}

const tracked = <T extends { cleanup(): Promise<void> }>(service: T): T => {
  cleanups.push(() => service.cleanup());
  return service;
};

async function site(opts: SiteOptions): Promise<Site> {
  const s = await articleSite(opts);
  cleanups.push(() => s.server.close());
  return s;
}

/** Articles stored so far (0 while the database is away). */
async function storedCount(store: Store): Promise<number> {
  try {
    const { rows } = await store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM articles');
    return rows[0]?.n ?? 0;
  } catch {
    return 0;
  }
}

/** The promise's value, or an error naming what did not come within timeoutMs. */
async function within<T>(p: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function waitUntil<T>(what: string, check: () => Promise<T | false>, timeoutMs: number, everyMs = 50): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** waitForBatch, given up after timeoutMs with the queues' counts and the workers' last lines. */
async function batchDone(env: Env, jobIds: string[], timeoutMs: number, workers: NewsdeskProcess[]) {
  const until = Date.now() + timeoutMs;
  try {
    return await waitForBatch(
      env.queues,
      jobIds,
      (p) => {
        if (Date.now() > until) throw new Error(`batch not done within ${timeoutMs} ms: ${JSON.stringify(p)}`);
      },
      200,
    );
  } catch (err) {
    const counts = await Promise.all([env.queues.fetch.getJobCounts(), env.queues.extract.getJobCounts()]).catch(() => 'unavailable');
    const tails = workers.map((w) => `${w.name}:\n${w.lines.slice(-8).join('\n')}`).join('\n');
    throw new Error(`${(err as Error).message}\njob counts (fetch, extract): ${JSON.stringify(counts)}\n${tails}`);
  }
}

/** Every URL stored exactly once: one article per URL, one input row per URL, no open failure. */
async function expectEachStoredOnce(store: Store, urls: string[]): Promise<void> {
  const { rows: counts } = await store.db.query<{ n: number; urls: number }>('SELECT count(*)::int AS n, count(DISTINCT url)::int AS urls FROM articles');
  expect(counts[0]).toEqual({ n: urls.length, urls: urls.length });
  const { rows: articles } = await store.db.query<{ url: string }>('SELECT url FROM articles ORDER BY url');
  expect(articles.map((r) => r.url)).toEqual([...urls].sort());
  const { rows: inputs } = await store.db.query<{ input: string; n: number }>('SELECT input, count(*)::int AS n FROM article_inputs GROUP BY input ORDER BY input');
  expect(inputs).toEqual([...urls].sort().map((input) => ({ input, n: 1 })));
  const { rows: docs } = await store.db.query<{ n: number }>('SELECT count(DISTINCT document_hash)::int AS n FROM input_documents');
  expect(docs[0]?.n).toBe(urls.length);
  expect(await store.failures()).toEqual([]);
}

/** Article requests the site has had (robots.txt not counted). */
const pagesFetched = (s: Site): number => [...s.hits].filter(([path]) => path !== '/robots.txt').reduce((n, [, hits]) => n + hits, 0);

/** The inputs a worker's log says it stored. */
const storedBy = (w: NewsdeskProcess): string[] => logsOf(w, 'stored').map((r) => String(r.input));

describe('worker processes and the services under them fail; the batch still completes, each article once', () => {
  it('kill -9 of the worker with a request on the wire: the other takes over its jobs and its host, and finishes', async (ctx) => {
    if (!existsSync('/proc/net/tcp')) ctx.skip('needs /proc (Linux) to tell which worker process has the request on the wire');
    const env = await openEnv();
    // the 21st page is held: the worker asking for it holds that job and the host meanwhile
    const s = await site({ copies: 40, delayMs: 60, trapPath: `/news/20/${(HTML_FIXTURES[20 % HTML_FIXTURES.length] as { name: string }).name}` });
    const workers = await Promise.all([startWorkerProcess(env.workerEnv(), 'worker-a'), startWorkerProcess(env.workerEnv(), 'worker-b')]);
    const { jobs } = await enqueueUrls(env.queues, s.urls);
    expect(jobs.filter((j) => j.added)).toHaveLength(40);

    const trapped = await within(s.trapped, 30_000, 'the 21st page to be asked for');
    const atKill = await waitUntil(
      'a few articles stored',
      async () => {
        const n = await storedCount(env.store);
        return n >= 3 ? n : false;
      },
      20_000,
    );
    const victim = socketOwner(trapped.port, workers);
    if (!victim) throw new Error(`no worker has the connection from port ${trapped.port}`);
    const survivor = workers.find((w) => w !== victim) as NewsdeskProcess;
    const killedAt = Date.now();
    expect((await victim.kill9()).signal).toBe('SIGKILL');
    expect(await trapped.closed).toBe(true); // the connection that died was the one with the held request
    expect(atKill).toBeLessThan(40);

    const result = await batchDone(env, jobs.map((j) => j.jobId), 45_000, workers);
    // the host lock the dead worker held lapsed within seconds (it used to hold the host for a minute)
    expect(Date.now() - killedAt).toBeLessThan(30_000);
    expect(result).toMatchObject({ total: 40, done: 40, stored: 40, failed: 0 });
    await expectEachStoredOnce(env.store, s.urls);
    // the held job was taken over and fetched again by the survivor, which stored what the dead one had not
    const trappedUrl = `${s.server.url}${trapped.path}`;
    expect((await env.queues.fetch.getJob(fetchJobId(trappedUrl)))?.stalledCounter).toBeGreaterThan(0);
    expect(s.hits.get(trapped.path)).toBe(2);
    expect(storedBy(survivor)).toContain(trappedUrl);
    expect(new Set(workers.flatMap(storedBy))).toEqual(new Set(s.urls));
    // no other article was fetched twice, but those of fetch jobs the dead worker held
    const fetchJobs = await Promise.all(jobs.map((j) => env.queues.fetch.getJob(j.jobId)));
    const twice = [...s.hits].filter(([path, n]) => path !== '/robots.txt' && n > 1);
    expect(twice.length).toBeLessThanOrEqual(fetchJobs.filter((j) => (j?.stalledCounter ?? 0) > 0).length);
    expect(survivor.exit()).toBeUndefined();
  }, 120_000);

  it('Redis stopped mid-batch and started again on the same port and data: nothing lost, nothing twice', async (ctx) => {
    const missing = redisServerMissing();
    if (missing) {
      console.warn(`skipped: ${missing}`);
      ctx.skip(missing);
    }
    const redis: PrivateRedis = tracked(await startPrivateRedis());
    const env = await openEnv({ redisUrl: redis.url });
    const s = await site({ copies: 40, delayMs: 150 });
    const workers = await Promise.all([startWorkerProcess(env.workerEnv(), 'worker-a'), startWorkerProcess(env.workerEnv(), 'worker-b')]);
    const { jobs } = await enqueueUrls(env.queues, s.urls);

    await waitUntil('a few articles stored', async () => (await storedCount(env.store)) >= 5, 30_000);
    await redis.stop('shutdown');
    // pages were still to fetch and articles to store: both kinds of job met the outage
    expect(pagesFetched(s)).toBeLessThan(35);
    expect(await storedCount(env.store)).toBeLessThan(35);
    await sleep(2000);
    await redis.start();

    const result = await batchDone(env, jobs.map((j) => j.jobId), 60_000, workers);
    expect(result).toMatchObject({ total: 40, done: 40, stored: 40, failed: 0 });
    await expectEachStoredOnce(env.store, s.urls);
    // the workers lived through it
    for (const w of workers) expect(w.exit(), `${w.name} died:\n${w.lines.slice(-12).join('\n')}`).toBeUndefined();
  }, 120_000);

  it('PostgreSQL stopped mid-batch (pg_ctl stop -m fast) and started again: the batch completes, no failure left open', async (ctx) => {
    const missing = postgresMissing();
    if (missing) {
      console.warn(`skipped: ${missing}`);
      ctx.skip(missing);
    }
    const cluster: PrivateCluster = tracked(await startPrivateCluster());
    const env = await openEnv({ databaseUrl: cluster.url });
    const s = await site({ copies: 40, delayMs: 150 });
    const workers = await Promise.all([startWorkerProcess(env.workerEnv(), 'worker-a'), startWorkerProcess(env.workerEnv(), 'worker-b')]);
    const { jobs } = await enqueueUrls(env.queues, s.urls);

    await waitUntil('a few articles stored', async () => (await storedCount(env.store)) >= 5, 30_000);
    // and a transaction of the test's own open across the stop, its connection cut between two queries:
    // this must fail its caller, not raise an unhandled 'error' (which ended worker processes)
    let begun!: () => void;
    let resume!: () => void;
    const inside = new Promise<void>((r) => {
      begun = r;
    });
    const paused = new Promise<void>((r) => {
      resume = r;
    });
    const open = env.store.db.transaction(async (tx) => {
      await tx.query('SELECT 1');
      begun();
      await paused;
      await tx.query('SELECT 2');
    });
    await inside;
    await cluster.stop('fast');
    resume();
    await expect(open).rejects.toThrow();
    expect(pagesFetched(s)).toBeLessThan(35);
    expect(await storedCount(env.store)).toBeLessThan(35);
    await sleep(2000);
    await cluster.start();

    const result = await batchDone(env, jobs.map((j) => j.jobId), 60_000, workers);
    expect(result).toMatchObject({ total: 40, done: 40, stored: 40, failed: 0 });
    await expectEachStoredOnce(env.store, s.urls);
    // the outage was felt (jobs failed for want of the database and were tried again) and ridden out
    const tried = await Promise.all([...jobs.map((j) => env.queues.fetch.getJob(j.jobId)), ...(await env.queues.extract.getJobs(['completed']))]);
    expect(tried.filter((j) => (j?.attemptsMade ?? 0) > 1).length).toBeGreaterThan(0);
    for (const w of workers) expect(w.exit(), `${w.name} died:\n${w.lines.slice(-12).join('\n')}`).toBeUndefined();
  }, 120_000);

  it('SIGTERM while a job is in hand: the worker finishes it, then exits 0', async () => {
    const env = await openEnv();
    const slowPath = `/news/0/${(HTML_FIXTURES[0] as { name: string }).name}`;
    const s = await site({ copies: 1, delayMs: 10, slow: { [slowPath]: 1500 } });
    const url = s.urls[0] as string;
    const a = await startWorkerProcess(env.workerEnv(), 'worker-a');
    const { jobs } = await enqueueUrls(env.queues, [url]);

    await waitUntil('the slow page to be asked for', async () => (s.times.get(slowPath)?.length ?? 0) > 0, 20_000, 20);
    const exit = await a.terminate(20_000);
    expect(exit).toMatchObject({ code: 0, signal: null });
    const served = s.times.get(slowPath)?.[0];
    expect(served?.end).toBeDefined();
    expect(exit.at).toBeGreaterThanOrEqual(served?.end as number); // it did not leave before the page came
    const msgs = a.logs().map((r) => r.msg);
    expect(msgs.indexOf('stopping: finishing the jobs in hand')).toBeGreaterThan(-1);
    expect(msgs.indexOf('worker stopped')).toBeGreaterThan(msgs.indexOf('stopping: finishing the jobs in hand'));

    // the fetch job is done, not left active for another worker to redo, and its page is kept
    const job = await env.queues.fetch.getJob(fetchJobId(url));
    expect(await job?.getState()).toBe('completed');
    const { rows } = await env.store.db.query<{ input: string }>('SELECT input FROM input_documents');
    expect(rows.map((r) => r.input)).toEqual([url]);

    // the extract job it queued is a new job: the next worker does it, without fetching again
    const b = await startWorkerProcess(env.workerEnv(), 'worker-b');
    const result = await batchDone(env, jobs.map((j) => j.jobId), 30_000, [b]);
    expect(result).toMatchObject({ total: 1, stored: 1, failed: 0 });
    await expectEachStoredOnce(env.store, [url]);
    expect(s.hits.get(slowPath)).toBe(1);
    expect(await b.terminate()).toMatchObject({ code: 0, signal: null });
  }, 120_000);

  it('done when: `newsdesk enqueue --wait FILE` with the fixtures, two workers, PostgreSQL: each stored once, exit 0', async () => {
    const env = await openEnv();
    const s = await site({ delayMs: 20 });
    expect(s.urls).toHaveLength(FIXTURES.length);
    const dir = mkdtempSync(join(tmpdir(), 'nd-enqueue-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const list = join(dir, 'urls.txt');
    writeFileSync(list, `# the fixtures, one a line\n${s.urls.join('\n')}\n`);
    const workers = await Promise.all([startWorkerProcess(env.workerEnv(), 'worker-a'), startWorkerProcess(env.workerEnv(), 'worker-b')]);

    const enqueue = spawnNewsdesk(['enqueue', '--wait', list], { REDIS_URL: env.redisUrl, NEWSDESK_QUEUE_PREFIX: env.prefix }, 'enqueue');
    const timer = setTimeout(() => enqueue.child.kill('SIGKILL'), 60_000);
    const exit = await enqueue.exited;
    clearTimeout(timer);
    expect(exit.code, enqueue.lines.join('\n')).toBe(0);
    const summary = JSON.parse(enqueue.stdout().trim());
    expect(summary).toMatchObject({ total: FIXTURES.length, stored: FIXTURES.length, failed: 0 });
    expect(enqueue.lines.join('\n')).toContain(`${FIXTURES.length} queued, 0 already queued`);
    await expectEachStoredOnce(env.store, s.urls);
    expect(new Set(workers.flatMap(storedBy))).toEqual(new Set(s.urls));
  }, 120_000);
});
