// POST /urls over real HTTP. Inline (no Redis): the fixtures fetched from a local server, extracted and
// stored, each URL answered with its record or its failure's reason. Queued (real Redis, a prefix of the
// test's own): fetch jobs, followed at /jobs/{id} until a worker has stored the article. Bodies that do
// not fit: 400 naming the field, 413 above the size limit.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../src/api/server.js';
import { openQueues, type Queues } from '../../src/queue/connection.js';
import type { ArticleRecord } from '../../src/record.js';
import { freePort } from '../helpers/private-services.js';
import { newPrefix, openQueueEnv, type QueueEnv, waitFor } from '../helpers/queue.js';
import type { TestServer } from '../helpers/server.js';
import { backends } from '../helpers/services.js';
import { call, FIXTURES, fixtureServer, startApi } from './harness.js';

type Outcome = { url: string; outcome: string; id?: string; title?: string | null; reason?: string; detail?: string; stage?: string; jobId?: string; job?: string };
type UrlsAnswer = { mode: string; batch?: string; results: Outcome[] };

let pages: TestServer;
const urlOf = (f: string) => `${pages.url}/articles/${f}`;

beforeAll(async () => {
  pages = await fixtureServer();
});
afterAll(async () => {
  await pages?.close();
});

for (const backend of backends) {
  describe(`POST /urls inline into ${backend.name}`, () => {
    let db: Awaited<ReturnType<typeof backend.open>>;
    let api: ApiServer;
    beforeAll(async () => {
      db = await backend.open();
      api = await startApi({ store: db.store });
    });
    afterAll(async () => {
      await api?.close();
      await db?.cleanup();
    });

    it('stores each article and answers per URL, a bad one with its reason', async () => {
      const good = [urlOf(FIXTURES[0] as string), urlOf(FIXTURES[1] as string)];
      const missing = `${pages.url}/articles/no-such-page.html`;
      const r = await call<UrlsAnswer>(api, '/urls', { method: 'POST', json: { urls: [...good, 'ftp://example.com/file', missing] } });
      expect(r.status).toBe(200);
      expect(r.body.mode).toBe('inline');
      expect(r.body.results.map((x) => [x.url, x.outcome])).toEqual([
        [good[0], 'stored'],
        [good[1], 'stored'],
        ['ftp://example.com/file', 'failed'],
        [missing, 'failed'],
      ]);
      const [, , ftp, gone] = r.body.results as [Outcome, Outcome, Outcome, Outcome];
      expect(ftp).toMatchObject({ stage: 'fetch', reason: 'unsupported-scheme', detail: 'only http and https are fetched, not ftp:', retryable: false });
      expect(gone).toMatchObject({ stage: 'fetch', reason: 'http-status', httpStatus: 404 });
      // what was stored is what GET /articles/{id} answers, and the failures are the store's rows
      for (const stored of r.body.results.slice(0, 2)) {
        const got = await call<ArticleRecord>(api, `/articles/${encodeURIComponent(stored.id as string)}`);
        expect(got.status).toBe(200);
        expect(got.body.url).toBe(stored.url);
        expect(got.body.title).toBe(stored.title);
      }
      expect((await db.store.counts()).articles).toBe(2);
      expect((await db.store.failures()).map((f) => f.input).sort()).toEqual(['ftp://example.com/file', missing].sort());
    });

    it('one URL as {"url"}', async () => {
      const r = await call<UrlsAnswer>(api, '/urls', { method: 'POST', json: { url: urlOf(FIXTURES[2] as string) } });
      expect(r.status).toBe(200);
      expect(r.body.results).toHaveLength(1);
      expect(r.body.results[0]).toMatchObject({ url: urlOf(FIXTURES[2] as string), outcome: 'stored' });
    });
  });
}

describe('POST /urls bodies that do not fit', () => {
  let db: Awaited<ReturnType<(typeof backends)[0]['open']>>;
  let api: ApiServer;
  beforeAll(async () => {
    db = await (backends[0] as (typeof backends)[0]).open();
    api = await startApi({ store: db.store });
  });
  afterAll(async () => {
    await api?.close();
    await db?.cleanup();
  });

  const post = (json: unknown) => call<{ status: number; error: string; message: string; issues: { field: string; message: string }[] }>(api, '/urls', { method: 'POST', json });

  it('400 naming the field: a number for a URL, neither url nor urls, both, an empty list, too many', async () => {
    const wrongType = await post({ urls: ['https://example.com/a', 5] });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error).toBe('invalid-request');
    expect(wrongType.body.issues).toEqual([{ field: 'urls.1', message: 'Invalid input: expected string, received number' }]);
    expect(wrongType.body.message).toBe('invalid body: urls.1: Invalid input: expected string, received number');

    for (const body of [{}, { url: 'https://example.com/a', urls: ['https://example.com/b'] }]) {
      const r = await post(body);
      expect(r.status).toBe(400);
      expect(r.body.issues).toEqual([{ field: 'urls', message: 'give url (one URL) or urls (a list), one of them' }]);
    }
    const empty = await post({ urls: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.issues).toEqual([{ field: 'urls', message: 'expected at least one URL' }]);
    const many = await post({ urls: Array.from({ length: 101 }, (_, i) => `https://example.com/${i}`) });
    expect(many.status).toBe(400);
    expect(many.body.issues).toEqual([{ field: 'urls', message: 'at most 100 URLs a request' }]);
    expect((await db.store.counts()).failures).toBe(0);
  });

  it('400 for a body that is not JSON', async () => {
    const r = await call<{ status: number; message: string }>(api, '/urls', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"urls": [' });
    expect(r.status).toBe(400);
    expect(r.body.message).toBe('Malformed JSON in request body');
  });

  it('413 for a body over 1 MiB, before any of it is processed', async () => {
    const big = { urls: ['https://example.com/a'], padding: 'x'.repeat(1024 * 1024) };
    const r = await call<{ status: number; error: string; message: string }>(api, '/urls', { method: 'POST', json: big });
    expect(r.status).toBe(413);
    expect(r.body).toEqual({ status: 413, error: 'too-large', message: 'the body is larger than 1,048,576 bytes' });
    // the unread rest of the body makes the connection useless for a next request
    expect(r.headers.get('connection')).toBe('close');
    expect((await db.store.counts()).failures).toBe(0);
  });

  it('413 too for a body sent in chunks, with no length given up front', async () => {
    // node:http, not fetch: fetch gives up on the answer when the server stops reading the upload
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${api.url}/urls`, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => {
          body += d.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      const chunk = 'x'.repeat(64 * 1024);
      let sent = 0;
      const more = () => {
        while (sent < 32) {
          sent++;
          if (!req.write(chunk)) return void req.once('drain', more);
        }
        req.end();
      };
      more();
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ error: 'too-large' });
  });

  it('415 for a body that is not sent as JSON', async () => {
    const r = await call(api, '/urls', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"url":"https://example.com/a"}' });
    expect(r.status).toBe(415);
    expect(r.body).toEqual({ status: 415, error: 'unsupported-media-type', message: 'send the body as JSON (content-type: application/json)' });
  });

  it('an unknown route is a JSON 404 naming it', async () => {
    const r = await call(api, '/nothing-here', { method: 'POST', json: {} });
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ status: 404, error: 'not-found', message: 'no route POST /nothing-here' });
  });
});

describe('POST /urls with the queue side (real Redis and PostgreSQL)', () => {
  let env: QueueEnv;
  let api: ApiServer;
  beforeAll(async () => {
    env = await openQueueEnv();
    api = await startApi({ store: env.store, queues: env.queues });
  });
  afterAll(async () => {
    await api?.close();
    await env?.cleanup();
  });

  it('enqueues each URL as a fetch job, answers 202 with the job to follow, refuses what is no URL', async () => {
    const url = urlOf(FIXTURES[3] as string);
    const r = await call<UrlsAnswer>(api, '/urls', { method: 'POST', json: { urls: [url, 'not a url', `${url}#comments`] } });
    expect(r.status).toBe(202);
    expect(r.body.mode).toBe('queued');
    expect(r.body.batch).toMatch(/^[0-9a-f-]{36}$/);
    const [queued, refused, again] = r.body.results as [Outcome, Outcome, Outcome];
    expect(queued).toMatchObject({ url, outcome: 'queued' });
    expect(queued.jobId).toMatch(/^f-[0-9a-f]{40}$/);
    expect(queued.job).toBe(`/jobs/${queued.jobId}`);
    expect(refused).toMatchObject({ url: 'not a url', outcome: 'refused', reason: 'invalid-url' });
    // the same article under a fragment is the same job
    expect(again).toMatchObject({ url, outcome: 'queued', jobId: queued.jobId });
    expect(await env.queues.fetch.count()).toBe(1);

    const waiting = await call<{ id: string; url: string; state: string; extract?: unknown; articleId?: string }>(api, `/jobs/${queued.jobId}`);
    expect(waiting.status).toBe(200);
    expect(waiting.body).toMatchObject({ id: queued.jobId, url, state: 'waiting', attempts: 0 });
    expect(waiting.body.extract).toBeUndefined();

    const twice = await call<UrlsAnswer>(api, '/urls', { method: 'POST', json: { url } });
    expect(twice.status).toBe(202);
    expect(twice.body.results).toEqual([{ url, outcome: 'already-queued', jobId: queued.jobId, job: `/jobs/${queued.jobId}` }]);

    // a worker takes it: the job then reports its extract job and the stored article
    env.worker();
    const done = await waitFor('the job to report its article', async () => {
      const j = await call<{ state: string; extract?: { id: string; state: string }; articleId?: string }>(api, `/jobs/${queued.jobId}`);
      return j.body.articleId ? j.body : undefined;
    });
    expect(done.state).toBe('completed');
    expect(done.extract).toMatchObject({ state: 'completed' });
    expect(done.extract?.id).toMatch(/^x-[0-9a-f]{40}-[0-9a-f]{12}$/);
    const article = await call<ArticleRecord>(api, `/articles/${encodeURIComponent(done.articleId as string)}`);
    expect(article.status).toBe(200);
    expect(article.body.url).toBe(url);

    const status = await call<{ queues: Record<string, { counts: Record<string, number> }>; store: Record<string, number> }>(api, '/status');
    expect(status.status).toBe(200);
    expect(status.body.queues.fetch?.counts.completed).toBe(1);
    expect(status.body.queues.extract?.counts.completed).toBe(1);
    expect(status.body.store.articles).toBe(1);
  });

  it('GET /jobs/{id} of an unknown job is a 404 naming it', async () => {
    const r = await call(api, '/jobs/f-nope');
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ status: 404, error: 'not-found', message: 'job "f-nope": no such job' });
  });

  it('feeds: follow, list, stop following; a bad interval or a URL that is not http(s) is a 400', async () => {
    const feed = `${pages.url}/feed.xml`;
    const added = await call<{ url: string; everyMs: number }>(api, '/feeds', { method: 'POST', json: { url: feed, every: '1h' } });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ url: feed, everyMs: 3_600_000 });
    const listed = await call<{ feeds: { url: string; everyMs: number }[] }>(api, '/feeds');
    expect(listed.body.feeds.map((f) => [f.url, f.everyMs])).toEqual([[feed, 3_600_000]]);

    const often = await call<{ issues: { field: string; message: string }[] }>(api, '/feeds', { method: 'POST', json: { url: feed, every: '10s' } });
    expect(often.status).toBe(400);
    expect(often.body.issues).toEqual([{ field: 'every', message: '10s: a feed is polled at most once a minute' }]);
    const ftp = await call<{ issues: { field: string }[] }>(api, '/feeds', { method: 'POST', json: { url: 'ftp://example.com/feed' } });
    expect(ftp.status).toBe(400);
    expect(ftp.body.issues).toEqual([{ field: 'url', message: 'expected an http(s) URL' }]);

    const removed = await call(api, `/feeds?url=${encodeURIComponent(feed)}`, { method: 'DELETE' });
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ url: feed, removed: true });
    expect((await call<{ feeds: unknown[] }>(api, '/feeds')).body.feeds).toEqual([]);
    const again = await call(api, `/feeds?url=${encodeURIComponent(feed)}`, { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ message: `feed ${JSON.stringify(feed)}: no such feed` });
  });
});

describe('a Redis that does not answer', () => {
  let db: Awaited<ReturnType<(typeof backends)[0]['open']>>;
  let api: ApiServer;
  let queues: Queues;
  beforeAll(async () => {
    db = await (backends[0] as (typeof backends)[0]).open();
    // nothing listens there: the connection keeps retrying, as it does while a Redis restarts
    queues = openQueues(`redis://127.0.0.1:${await freePort()}`, newPrefix());
    api = await startApi({ store: db.store, queues, redisTimeoutMs: 300 });
  });
  afterAll(async () => {
    await api?.close();
    queues.redis.disconnect();
    await queues.close().catch(() => {});
    await db?.cleanup();
  });

  it('routes on the queue side answer 503 within the time limit instead of hanging', async () => {
    for (const [method, path, json] of [
      ['GET', '/status', undefined],
      ['GET', '/jobs/f-123', undefined],
      ['GET', '/feeds', undefined],
      ['POST', '/urls', { url: 'https://example.com/a' }],
    ] as const) {
      const t0 = Date.now();
      const r = await call(api, path, { method, ...(json ? { json } : {}) });
      expect(r.status, `${method} ${path}`).toBe(503);
      expect(r.body).toEqual({ status: 503, error: 'unavailable', message: 'Redis did not answer within 300 ms' });
      expect(Date.now() - t0).toBeLessThan(3000);
    }
  });
});
