// /admin/queues, Bull Board over real HTTP and the real Redis (a key prefix of the test's own): the page
// and its scripts load (also when the working directory changed after the server started), its JSON API
// lists our three queues with their counts, it needs the operator role when keys are configured, and
// without queues it answers 503 in the API's error shape. The OpenAPI document still builds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashKey } from '../../src/api/keys.js';
import type { ApiServer } from '../../src/api/server.js';
import { openQueueEnv, type QueueEnv } from '../helpers/queue.js';
import { pgliteBackend } from '../helpers/services.js';
import { call, startApi } from './harness.js';

const READER = 'reader-key-admin-1';
const OPERATOR = 'operator-key-admin-2';
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

type QueuesAnswer = { queues: { name: string; counts: Record<string, number> }[] };

describe('/admin/queues with Redis', () => {
  let env: QueueEnv;
  let api: ApiServer;
  let guarded: ApiServer;
  beforeAll(async () => {
    env = await openQueueEnv();
    // started from another working directory (a service's is often /), which changes later: Bull Board's
    // adapter names its files' folder relative to the working directory at start
    const cwd = process.cwd();
    process.chdir('/');
    try {
      api = await startApi({ store: env.store, queues: env.queues });
    } finally {
      process.chdir(cwd);
    }
    guarded = await startApi({ store: env.store, queues: env.queues, keys: [{ role: 'reader', sha256: hashKey(READER) }, { role: 'operator', sha256: hashKey(OPERATOR) }] });
  });
  afterAll(async () => {
    await api?.close();
    await guarded?.close();
    await env?.cleanup();
  });

  it('serves the dashboard page, its base path where it is mounted, and its scripts and styles', async () => {
    const page = await call(api, '/admin/queues');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('<base href="/admin/queues/"');
    expect(page.text).toContain('<title>newsdesk queues</title>');
    // a job's page is the same page: the dashboard routes in the browser
    expect((await call(api, '/admin/queues/queue/fetch')).status).toBe(200);
    const assets = [...page.text.matchAll(/(?:src|href)="(static\/[^"]+)"/g)].map((m) => m[1] as string);
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    expect(assets.some((a) => a.endsWith('.css'))).toBe(true);
    for (const asset of assets) {
      const r = await fetch(`${api.url}/admin/queues/${asset}`);
      expect(r.status, asset).toBe(200);
      expect(r.headers.get('content-type') ?? '', asset).toMatch(/javascript|css|image/);
      await r.arrayBuffer();
    }
    // nothing outside its files: a path climbing out is no file
    expect((await fetch(`${api.url}/admin/queues/static/..%2f..%2fpackage.json`)).status).not.toBe(200);
  });

  it('its JSON API lists fetch, extract and feeds with their counts', async () => {
    await env.queues.fetch.add('fetch', { url: 'https://example.com/a' } as never, { jobId: 'admin-test-job' });
    const r = await call<QueuesAnswer>(api, '/admin/queues/api/queues');
    expect(r.status).toBe(200);
    expect(r.body.queues.map((q) => q.name).sort()).toEqual(['extract', 'feeds', 'fetch']);
    const fetchQueue = r.body.queues.find((q) => q.name === 'fetch');
    expect(fetchQueue?.counts.waiting).toBe(1);
    expect(r.body.queues.find((q) => q.name === 'extract')?.counts.waiting).toBe(0);
  });

  it('with keys: a reader may not see it (403), an operator may', async () => {
    for (const path of ['/admin/queues', '/admin/queues/api/queues', '/admin/queues/static/favicon-32x32.png']) {
      const reader = await call(guarded, path, { headers: bearer(READER) });
      expect(reader.status, path).toBe(403);
      expect(reader.body).toMatchObject({ status: 403, error: 'forbidden', message: expect.stringContaining('needs the operator role') });
      expect((await call(guarded, path, { headers: bearer(OPERATOR) })).status, path).toBe(200);
    }
    // nor by another spelling of the path
    expect([403, 404]).toContain((await call(guarded, '/admin/queues/', { headers: bearer(READER) })).status);
    expect([403, 404]).toContain((await call(guarded, '/%61dmin/queues/api/queues', { headers: bearer(READER) })).status);
    // changing a queue is an operator's too
    const pause = await call(guarded, '/admin/queues/api/queues/fetch/pause', { method: 'PUT', headers: bearer(READER) });
    expect(pause.status).toBe(403);
  });

  it('the OpenAPI document still builds: it lists the page, not Bull Board’s own API', async () => {
    const r = await call<{ paths: Record<string, unknown> }>(api, '/openapi.json');
    expect(r.status).toBe(200);
    expect(Object.keys(r.body.paths)).toContain('/admin/queues');
    expect(Object.keys(r.body.paths).filter((p) => p.startsWith('/admin/queues/'))).toEqual([]);
    expect(Object.keys(r.body.paths)).toContain('/claims');
  });
});

describe('/admin/queues without Redis', () => {
  let db: Awaited<ReturnType<typeof pgliteBackend.open>>;
  let api: ApiServer;
  beforeAll(async () => {
    db = await pgliteBackend.open();
    api = await startApi({ store: db.store });
  });
  afterAll(async () => {
    await api?.close();
    await db?.cleanup();
  });

  it('answers 503 in the API error shape, the page and its API alike', async () => {
    for (const path of ['/admin/queues', '/admin/queues/api/queues']) {
      const r = await call(api, path);
      expect(r.status, path).toBe(503);
      expect(r.body).toEqual({ status: 503, error: 'unavailable', message: expect.stringMatching(/REDIS_URL/) });
    }
    expect((await call(api, '/openapi.json')).status).toBe(200);
  });
});
