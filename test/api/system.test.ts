// The server about itself over real HTTP: an OpenAPI 3 document naming every route (each $ref resolving),
// Swagger UI over it, Prometheus metrics counting requests by route; and `newsdesk serve` as a real process:
// it answers /healthz on the port it was given (0: any free one), exits 0 on SIGTERM, and refuses to
// listen beyond loopback without keys.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../src/api/server.js';
import { EXTRACTOR } from '../../src/version.js';
import { runAsync } from '../helpers/cli.js';
import { spawnNewsdesk } from '../helpers/processes.js';
import { waitFor } from '../helpers/queue.js';
import { page, startServer } from '../helpers/server.js';
import { backends } from '../helpers/services.js';
import { call, startApi } from './harness.js';

type Doc = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, { responses: Record<string, { description: string }>; security?: unknown[] }>>;
  components: { schemas: Record<string, { required?: string[] }>; securitySchemes: Record<string, unknown> };
};

/** Every "$ref" in the document, as the JSON pointers they name. */
function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refsIn(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refsIn(v, out);
    }
  }
  return out;
}

const resolvePointer = (doc: unknown, ref: string): unknown =>
  ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), doc);

describe('the server about itself', () => {
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

  it('/openapi.json is an OpenAPI 3 document naming every route, each $ref resolving', async () => {
    const r = await call<Doc>(api, '/openapi.json');
    expect(r.status).toBe(200);
    const doc = r.body;
    expect(doc.openapi).toBe('3.0.3');
    expect(doc.info).toMatchObject({ title: 'newsdesk', version: EXTRACTOR.version });
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(operations.sort()).toEqual(
      [
        'GET /articles/{id}',
        'GET /articles',
        'GET /claims',
        'GET /claims/{id}',
        'GET /claims/{id}/reviews',
        'POST /claims/{id}/review',
        'GET /entities/{id}',
        'POST /entities/merge',
        'POST /entities/{id}/split',
        'GET /changes',
        'GET /changes/stream',
        'POST /urls',
        'GET /jobs/{id}',
        'GET /status',
        'GET /feeds',
        'POST /feeds',
        'DELETE /feeds',
        'GET /export.ndjson',
        'GET /metrics',
        'GET /admin/queues',
        'GET /healthz',
      ].sort(),
    );
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        expect(Object.keys(op.responses).length, `${method} ${path}`).toBeGreaterThan(0);
        for (const res of Object.values(op.responses)) expect(res.description, `${method} ${path}`).toBeTruthy();
        // every route but /healthz names the key it needs
        if (path !== '/healthz') expect(op.security, `${method} ${path}`).toEqual([{ bearer: [] }, { apiKey: [] }]);
      }
    }
    const refs = refsIn(doc);
    expect(refs).toContain('#/components/schemas/ArticleRecord');
    expect(refs).toContain('#/components/schemas/Error');
    for (const ref of new Set(refs)) expect(resolvePointer(doc, ref), ref).toBeDefined();
    expect(doc.components.schemas.ArticleRecord?.required).toEqual(expect.arrayContaining(['id', 'url', 'title', 'text', 'entities', 'claims']));
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['apiKey', 'bearer']);
  });

  it('/docs is Swagger UI reading /openapi.json', async () => {
    const r = await call(api, '/docs');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    expect(r.text).toContain('SwaggerUIBundle');
    expect(r.text).toContain("url: '/openapi.json'");
  });

  it('/metrics counts requests by route pattern and status, in the Prometheus text format', async () => {
    await call(api, '/articles/one');
    await call(api, '/articles/two');
    const r = await call(api, '/metrics');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(r.text).toContain('# TYPE newsdesk_http_requests_total counter');
    expect(r.text).toMatch(/^newsdesk_http_requests_total\{method="GET",route="\/articles\/:id",status="404"\} 2$/m);
    expect(r.text).toContain('newsdesk_process_resident_memory_bytes');
  });
});

describe('closing the server', () => {
  it('lets a request in hand finish, then takes no more', async () => {
    const db = await (backends[0] as (typeof backends)[0]).open();
    // a page that answers after 800 ms: the POST is still in hand when close() is called
    const pages = await startServer({
      '/slow': (_req, res) => {
        setTimeout(() => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page('Late news', ['The council met late on Tuesday, the mayor said.', 'It adjourned at midnight.'])), 800);
      },
    });
    const api = await startApi({ store: db.store });
    try {
      const inHand = call<{ results: { outcome: string; title: string }[] }>(api, '/urls', { method: 'POST', json: { url: `${pages.url}/slow` } });
      await waitFor('the page to be asked for', () => pages.log.includes('GET /slow'));
      const closed = api.close();
      const r = await inHand;
      expect(r.status).toBe(200);
      expect(r.body.results).toEqual([expect.objectContaining({ outcome: 'stored', title: 'Late news' })]);
      await closed;
      await expect(fetch(`${api.url}/healthz`)).rejects.toThrow();
      expect((await db.store.counts()).articles).toBe(1);
    } finally {
      await api.close();
      await pages.close();
      await db.cleanup();
    }
  });
});

describe('newsdesk serve, a real process', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'newsdesk-serve-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('--port 0 answers /healthz on the port it logs, and exits 0 on SIGTERM', async () => {
    const p = spawnNewsdesk(['serve', '--port', '0', '--data-dir', join(dir, 'data')], { LOG_LEVEL: 'info', NEWSDESK_API_KEYS: '', REDIS_URL: '', DATABASE_URL: '' }, 'serve');
    try {
      const line = await p.waitFor((rec) => rec.msg === 'listening', 30_000);
      const url = (JSON.parse(line) as { url: string }).url;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(p.logs().some((rec) => rec.level === 40 && /NEWSDESK_API_KEYS/.test(String(rec.msg)))).toBe(true);
      const health = await call<{ ok: boolean; store: string }>({ url }, '/healthz');
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ ok: true, store: 'ok' });
      const exit = await p.terminate();
      expect(exit).toMatchObject({ code: 0, signal: null });
      expect(p.logs().map((rec) => rec.msg)).toContain('stopped');
      expect(p.logs().filter((rec) => Number(rec.level) >= 50)).toEqual([]);
    } finally {
      await p.kill9();
    }
  });

  it('--host 0.0.0.0 without NEWSDESK_API_KEYS exits 2 naming it, listening nowhere', async () => {
    const r = await runAsync(['serve', '--host', '0.0.0.0', '--port', '0', '--data-dir', join(dir, 'data')], { NEWSDESK_API_KEYS: '', REDIS_URL: '', DATABASE_URL: '' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('newsdesk: serve: refusing to serve on 0.0.0.0 without API keys');
    expect(r.stderr).toContain('NEWSDESK_API_KEYS');
    expect(r.stderr).not.toContain('"msg":"listening"');
  });
});
