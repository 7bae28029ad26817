// The reader routes over real HTTP, on PGlite and PostgreSQL: a stored fixture by its id (and by its URL),
// 404 naming the id, the export streaming every record as one JSON line each, and the status without Redis.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../src/api/server.js';
import { FIXTURES_DIR } from '../../src/eval/gold-sets.js';
import { inProcessExtractor } from '../../src/ingest/extractor.js';
import { storePage } from '../../src/ingest/process.js';
import type { ArticleRecord } from '../../src/record.js';
import type { Store } from '../../src/store/index.js';
import { backends } from '../helpers/services.js';
import { call, startApi } from './harness.js';

const extractor = inProcessExtractor();
const STORED = ['date-from-url', 'boilerplate-heavy', 'company-said-anaphora'];

/** A fixture stored as `newsdesk ingest FILE` would, under the URL its gold file gives it. */
async function ingestFixture(store: Store, name: string): Promise<{ id: string; url: string; title: string }> {
  const gold = JSON.parse(readFileSync(join(FIXTURES_DIR, `${name}.gold.json`), 'utf8')) as { url: string; title: string };
  const r = await storePage(store, join(FIXTURES_DIR, `${name}.html`), { body: readFileSync(join(FIXTURES_DIR, `${name}.html`), 'utf8'), url: gold.url, contentType: 'text/html' }, extractor);
  if (!r.ok) throw new Error(`${name}: ${r.reason}: ${r.detail}`);
  return { id: r.id, url: gold.url, title: gold.title };
}

for (const backend of backends) {
  describe(`reader routes on ${backend.name}`, () => {
    let db: Awaited<ReturnType<typeof backend.open>>;
    let api: ApiServer;
    const stored: { id: string; url: string; title: string }[] = [];

    beforeAll(async () => {
      db = await backend.open();
      for (const name of STORED) stored.push(await ingestFixture(db.store, name));
      api = await startApi({ store: db.store, clock: () => new Date('2026-11-25T06:00:00Z') });
    });
    afterAll(async () => {
      await api?.close();
      await db?.cleanup();
    });

    it('GET /articles/{id} answers the stored record', async () => {
      const dock = stored[0] as (typeof stored)[number];
      const r = await call<ArticleRecord>(api, `/articles/${encodeURIComponent(dock.id)}`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^application\/json/);
      expect(r.body.id).toBe(dock.id);
      expect(r.body.title).toBe('Striking dock workers return after pay deal');
      expect(r.body.url).toBe('https://quaytimes.example/ports/2021/09/27/felixstowe-strike-ends');
      expect(r.body.publishedAt).toBe('2021-09-27');
      expect(r.body.text).toContain('Dock workers at the Port of Felixstowe returned to work');
      expect(r.body).toEqual(await db.store.getRecord(dock.id));
    });

    it('GET /articles/{id} also finds a record by its URL', async () => {
      const dock = stored[0] as (typeof stored)[number];
      const r = await call<ArticleRecord>(api, `/articles/${encodeURIComponent(dock.url)}`);
      expect(r.status).toBe(200);
      expect(r.body.id).toBe(dock.id);
    });

    it('an unknown id is a 404 that names it', async () => {
      const r = await call(api, '/articles/no-such-article-42');
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ status: 404, error: 'not-found', message: 'article "no-such-article-42": no such article' });
    });

    it('GET /export.ndjson streams every record, one JSON line each, in id order', async () => {
      const r = await call(api, '/export.ndjson');
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
      expect(r.text.endsWith('\n')).toBe(true);
      const lines = r.text.trimEnd().split('\n');
      expect(lines).toHaveLength(STORED.length);
      const records = lines.map((l) => JSON.parse(l) as ArticleRecord);
      expect(records.map((x) => x.id)).toEqual(stored.map((s) => s.id).sort());
      expect(records.map((x) => x.title).sort()).toEqual(stored.map((s) => s.title).sort());
    });

    it('GET /status without Redis: the store counts and the latest failures', async () => {
      await db.store.recordFailure({ input: 'https://example.com/gone', stage: 'fetch', reason: 'http-status', detail: 'HTTP 410', retryable: false });
      const r = await call<{ at: string; store: Record<string, number>; queues?: unknown; failures: { input: string; reason: string }[] }>(api, '/status');
      expect(r.status).toBe(200);
      expect(r.body.at).toBe('2026-11-25T06:00:00.000Z');
      expect(r.body.store.articles).toBe(3);
      expect(r.body.store.documents).toBe(3);
      expect(r.body.queues).toBeUndefined();
      expect(r.body.failures.map((f) => [f.input, f.reason])).toEqual([['https://example.com/gone', 'http-status']]);
    });

    it('limit is 1 to 1,000: above is a 400 naming it', async () => {
      expect((await call(api, '/status?limit=1000')).status).toBe(200);
      const over = await call<{ message: string; issues: { field: string }[] }>(api, '/status?limit=1001');
      expect(over.status).toBe(400);
      expect(over.body.message).toBe('invalid query: limit: at most 1000');
      expect(over.body.issues).toEqual([{ field: 'limit', message: 'at most 1000' }]);
      const word = await call<{ message: string }>(api, '/status?limit=lots');
      expect(word.status).toBe(400);
      expect(word.body.message).toContain('limit: expected a number');
    });

    it('jobs and feeds without the queue side: 503 saying what to configure', async () => {
      for (const path of ['/jobs/f-123', '/feeds']) {
        const r = await call<{ message: string }>(api, path);
        expect(r.status).toBe(503);
        expect(r.body.message).toContain('REDIS_URL');
      }
    });
  });
}

for (const backend of backends) {
  describe(`GET /export.ndjson of many records on ${backend.name}`, () => {
    let db: Awaited<ReturnType<typeof backend.open>>;
    let api: ApiServer;
    const N = 450; // more than two of the store's pages (200 records each)

    beforeAll(async () => {
      db = await backend.open();
      const { id } = await ingestFixture(db.store, 'date-from-url');
      const record = (await db.store.getRecord(id)) as ArticleRecord;
      for (let i = 0; i < N - 1; i++) await db.store.saveRecord({ ...record, id: `copy-${String(i).padStart(4, '0')}`, url: `https://example.com/copy/${i}`, entities: [], claims: [] });
      api = await startApi({ store: db.store });
    });
    afterAll(async () => {
      await api?.close();
      await db?.cleanup();
    });

    it('every record once, in id order, across the store pages', async () => {
      const r = await call(api, '/export.ndjson');
      expect(r.status).toBe(200);
      const ids = r.text
        .trimEnd()
        .split('\n')
        .map((l) => (JSON.parse(l) as ArticleRecord).id);
      expect(ids).toHaveLength(N);
      expect(new Set(ids).size).toBe(N);
      expect(ids).toEqual([...ids].sort());
      expect(ids[0]).toBe('copy-0000');
    });

    it('a client that stops reading midway leaves the server answering', async () => {
      const res = await fetch(`${api.url}/export.ndjson`);
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      const first = await reader.read();
      expect(new TextDecoder().decode(first.value)).toMatch(/^\{"schemaVersion":1,"id":"copy-0000"/);
      await reader.cancel();
      const health = await call(api, '/healthz');
      expect(health.status).toBe(200);
      expect((await call(api, '/export.ndjson')).text.trimEnd().split('\n')).toHaveLength(N);
    });
  });
}
