// The whole pipeline, URL to stored record: the fixtures served by a real HTTP server on 127.0.0.1,
// fetched, extracted and stored, on PGlite and on PostgreSQL; bad inputs in the same batch become failure
// rows and the rest is stored.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from '../../src/eval/gold-sets.js';
import { createFetcher, type Extractor, expandInputs, poolExtractor, runInline } from '../../src/ingest/index.js';
import type { Store } from '../../src/store/index.js';
import { robots, startServer, type TestServer } from '../helpers/server.js';
import { backends } from '../helpers/services.js';

const fixtures = readdirSync(FIXTURES_DIR).filter((f) => f.endsWith('.html')).sort();
let server: TestServer;
// extraction on worker threads, as `newsdesk ingest` runs it: the event loop stays free for the fetches
let extractor: Extractor;

beforeAll(async () => {
  const routes: Record<string, Parameters<typeof startServer>[0][string]> = {
    '/robots.txt': robots('User-agent: *', 'Disallow: /private/'),
    '/not-html': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4 ...');
    },
    '/empty': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end('');
    },
    '/binary': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end(Buffer.from([0, 1, 2, 3, 0, 0, 7, 8]));
    },
    '/huge': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(50 * 1024 * 1024) }).end();
    },
    '/slow': (_req, res) => {
      setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end('<p>late</p>'), 3_000);
    },
    '/bogus-charset': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=x-no-such-charset' }).end(Buffer.from('<html><body><article><h1>Zürich</h1><p>Grüße aus Zürich, sagte die Bürgermeisterin am Montag.</p></article></body></html>', 'utf8'));
    },
    '/private/page': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<p>hidden</p>');
    },
  };
  for (const f of fixtures) {
    routes[`/articles/${f}`] = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(readFileSync(join(FIXTURES_DIR, f)));
    };
  }
  server = await startServer(routes);
  extractor = poolExtractor({ threads: 2, timeoutMs: 30_000 });
});
afterAll(async () => {
  await server.close();
  await extractor.close();
});

const fetcherFor = () => createFetcher({ allowPrivateHosts: true, minDelayMs: 0, totalTimeoutMs: 1_000, headersTimeoutMs: 1_000 });

for (const backend of backends) {
  describe(`ingest into ${backend.name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ store, cleanup } = await backend.open());
    });
    afterAll(async () => {
      await cleanup();
    });

    it('stores every fixture article served over HTTP, with its raw document', async () => {
      const urls = fixtures.map((f) => `${server.url}/articles/${f}`);
      const summary = await runInline(await expandInputs(urls), { store, fetcher: fetcherFor(), extractor }, { concurrency: 3 });
      expect(summary.results.filter((x) => !x.ok)).toEqual([]);
      expect(summary.stored).toBe(fixtures.length);
      for (const url of urls) {
        const r = await store.getRecord(url);
        expect(r, url).not.toBeNull();
        expect(r?.text.length).toBeGreaterThan(200);
        expect(r?.claims.length).toBeGreaterThan(0);
      }
      const counts = await store.counts();
      expect(counts.articles).toBe(fixtures.length);
      expect(counts.documents).toBe(fixtures.length);
    });

    it('running the same batch again stores nothing twice', async () => {
      const before = await store.counts();
      const urls = fixtures.map((f) => `${server.url}/articles/${f}`);
      await runInline(await expandInputs(urls), { store, fetcher: fetcherFor(), extractor });
      expect(await store.counts()).toEqual(before);
    });

    it('bad inputs get a failure row naming input and reason: invalid URL, bad list line, missing file, refused address', async () => {
      const listFile = join(tmpdir(), `newsdesk-list-${backend.name}-${Date.now()}.txt`);
      writeFileSync(listFile, ['# a list of URLs', `${server.url}/articles/${fixtures[0]}`, 'definitely not a url', ''].join('\n'));
      const inputs = [
        `${server.url}/not-html`,
        `${server.url}/empty`,
        `${server.url}/binary`,
        `${server.url}/huge`,
        `${server.url}/slow`,
        `${server.url}/missing-404`,
        `${server.url}/private/page`,
        'http://10.0.0.1/refused',
        'ht!tp://bad',
        listFile,
        `${server.url}/articles/${fixtures[1]}`,
        '/no/such/file.html',
      ];
      // the default guard: every loopback URL of the test server is refused too, like 10.0.0.1
      const items = await expandInputs(inputs);
      expect(items.length).toBe(inputs.length + 1); // the list file holds one URL and one bad line
      const summary = await runInline(items, { store, fetcher: createFetcher({ minDelayMs: 0, totalTimeoutMs: 1_000 }), extractor });
      const given = new Set(items.map((i) => i.input));
      const failures = (await store.failures()).filter((f) => given.has(f.input));
      expect(failures.length).toBe(summary.failed);
      const reasonOf = (input: string) => failures.find((f) => f.input === input)?.reason;
      expect(reasonOf('http://10.0.0.1/refused')).toBe('refused-address');
      expect(reasonOf(`${server.url}/not-html`)).toBe('refused-address');
      expect(reasonOf('ht!tp://bad')).toBe('invalid-url');
      expect(reasonOf(`${listFile}:3`)).toBe('invalid-url');
      expect(reasonOf('/no/such/file.html')).toBe('unreadable-file');
      expect(summary.stored).toBe(0);
      expect(failures.every((f) => (f.detail ?? '').length > 5 && f.reason.length > 0)).toBe(true);
    });

    it('a page in an unknown charset is stored as UTF-8, and the guess is kept with its document and reported', async () => {
      const input = `${server.url}/bogus-charset`;
      const [result] = (await runInline(await expandInputs([input]), { store, fetcher: fetcherFor(), extractor })).results;
      expect(result).toMatchObject({ ok: true, note: expect.stringContaining('unknown charset "x-no-such-charset"') });
      const record = await store.getRecord(input);
      expect(record?.text).toContain('Grüße aus Zürich');
      const { rows } = await store.db.query<{ note: string }>('SELECT d.note FROM documents d JOIN articles a ON a.document_hash = d.content_hash WHERE a.url = $1', [input]);
      expect(rows[0]?.note).toMatch(/decoded as UTF-8/);
    });

    it('each fault of a fetched page is recorded with its own reason while good pages are stored', async () => {
      const articlesBefore = (await store.counts()).articles;
      const inputs = ['not-html', 'empty', 'binary', 'huge', 'slow', 'missing-404', 'private/page'].map((p) => `${server.url}/${p}`);
      const good = `${server.url}/articles/${fixtures[2]}?again=1`;
      const summary = await runInline(await expandInputs([...inputs, good]), { store, fetcher: fetcherFor(), extractor }, { concurrency: 4 });
      expect(summary.stored).toBe(1);
      const failures = (await store.failures()).filter((f) => inputs.includes(f.input));
      const reasons = Object.fromEntries(failures.map((f) => [f.input.replace(server.url, ''), f.reason]));
      expect(reasons).toEqual({
        '/not-html': 'unsupported-content-type',
        '/empty': 'empty',
        '/binary': 'binary-content',
        '/huge': 'too-large',
        '/slow': 'timeout',
        '/missing-404': 'http-status',
        '/private/page': 'robots-disallowed',
      });
      expect((await store.counts()).articles).toBe(articlesBefore + 1);
    });
  });
}
