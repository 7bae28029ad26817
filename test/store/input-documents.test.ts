// The raw page first: what each input fetched is kept apart from what extraction made of it, so extraction
// can be rerun (reprocess) and the same body under two URLs stays one document with two records.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extract } from '../../src/extract/index.js';
import { modelIds } from '../../src/extract/models.js';
import { extractStep, keepPage } from '../../src/ingest/process.js';
import { migrate, openPglite, type Store } from '../../src/store/index.js';
import { EXTRACTOR } from '../../src/version.js';
import { backends } from '../helpers/services.js';

const page = (title: string) =>
  `<html><head><title>${title}</title></head><body><article><h1>${title}</h1><p>"The bridge opens in May," said Ana Lima, the mayor of Porto.</p><p>Engineers from Lisbon tested it for a month.</p></article></body></html>`;

const STALE = { version: EXTRACTOR.version, models: modelIds() };

for (const backend of backends) {
  describe(`input documents on ${backend.name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ store, cleanup } = await backend.open());
    });
    afterAll(async () => {
      await cleanup();
    });

    it('the same body under two URLs is one document, and each URL gets its own record with its own address', async () => {
      const body = page('Porto bridge');
      const a = await keepPage(store, 'https://a.example/bridge', { url: 'https://a.example/bridge', finalUrl: 'https://a.example/bridge', body, contentType: 'text/html', fetchedAt: '2026-11-01T10:00:00.000Z' });
      const b = await keepPage(store, 'https://b.example/copy', { url: 'https://b.example/copy', finalUrl: 'https://b.example/2026/copy', body, contentType: 'text/html', fetchedAt: '2026-11-02T10:00:00.000Z' });
      expect(a.ok && b.ok && a.documentHash === b.documentHash).toBe(true);
      if (!a.ok || !b.ok) return;
      const ra = await extractStep(store, a.input, a.documentHash);
      const rb = await extractStep(store, b.input, b.documentHash);
      expect(ra.ok && rb.ok && ra.id !== rb.id).toBe(true);
      expect((await store.getRecord('https://b.example/copy'))?.url).toBe('https://b.example/2026/copy');
      expect((await store.getRecord('https://b.example/copy'))?.fetchedAt).toBe('2026-11-02T10:00:00.000Z');
      const { rows } = await store.db.query<{ n: string }>('SELECT count(*) AS n FROM documents WHERE content_hash = $1', [a.documentHash]);
      expect(Number(rows[0]?.n)).toBe(1);
    });

    it('a page whose extraction fails keeps its document, and a later extraction of it needs no fetch', async () => {
      const kept = await keepPage(store, 'https://c.example/x', { url: 'https://c.example/x', body: page('Kept page'), contentType: 'text/html' });
      if (!kept.ok) throw new Error('not kept');
      const failing = { run: async () => ({ ok: false as const, reason: 'extract-timeout' as const, detail: 'https://c.example/x: took too long', retryable: false }), close: async () => {} };
      expect(await extractStep(store, kept.input, kept.documentHash, failing)).toMatchObject({ ok: false, stage: 'extract', reason: 'extract-timeout' });
      expect(await store.fetchedDocument('https://c.example/x')).toBe(kept.documentHash);
      expect((await store.failures({ stage: 'extract' })).map((f) => f.input)).toContain('https://c.example/x');
      expect(await extractStep(store, kept.input, kept.documentHash)).toMatchObject({ ok: true, title: 'Kept page' });
      expect((await store.failures({ stage: 'extract' })).map((f) => f.input)).not.toContain('https://c.example/x');
    });

    it('storedInputs lists every stored input, those fetched since a time, and the stale ones', async () => {
      const all = [];
      for await (const s of store.storedInputs({}, 2)) all.push(s.input); // pages of two: the paging is exercised
      expect(all).toEqual(['https://a.example/bridge', 'https://b.example/copy', 'https://c.example/x']);
      const stale = async () => {
        const out = [];
        for await (const s of store.storedInputs({ stale: STALE })) out.push(s.input);
        return out;
      };
      expect(await stale()).toEqual([]);
      await store.db.query("UPDATE articles SET extractor_version = '0.0.1' WHERE url = 'https://a.example/bridge'");
      const other = extract({ html: page('Porto bridge'), url: 'https://b.example/2026/copy' });
      await store.saveRecord({ ...other, extractor: { ...other.extractor, models: { ...STALE.models, 'ner-conll2003': '000000000000' } } }, undefined, { input: 'https://b.example/copy' });
      expect(await stale()).toEqual(['https://a.example/bridge', 'https://b.example/copy']);
      await keepPage(store, 'https://d.example/never-extracted', { url: 'https://d.example/never-extracted', body: page('New'), contentType: 'text/html' });
      expect(await stale()).toContain('https://d.example/never-extracted');
      const since = [];
      for await (const s of store.storedInputs({ since: new Date(Date.now() + 60_000).toISOString() })) since.push(s.input);
      expect(since).toEqual([]);
    });
  });
}

describe('migrating a version-2 store', () => {
  it('points every ingested input at the document its article came from, so reprocess finds what was stored before', async () => {
    const db = await openPglite('memory://');
    try {
      expect(await migrate(db, 2)).toBe(2);
      await db.query("INSERT INTO documents (content_hash, url, final_url, content_type, fetched_at, bytes, body) VALUES ('h1', 'https://a.example/x', 'https://a.example/y', 'text/html', '2026-10-01T00:00:00Z', 4, 'body')");
      await db.query("INSERT INTO articles (id, url, document_hash, content_hash, page_kind, extractor_version, record) VALUES ('art1', 'https://a.example/y', 'h1', 'c1', 'article', '0.1.0', '{}')");
      await db.query("INSERT INTO articles (id, url, content_hash, page_kind, extractor_version, record) VALUES ('art2', 'https://b.example/', 'c2', 'article', '0.1.0', '{}')");
      await db.query("INSERT INTO article_inputs (input, article_id) VALUES ('https://a.example/x', 'art1'), ('https://b.example/', 'art2')");
      expect(await migrate(db, 3)).toBe(1);
      const { rows } = await db.query<{ input: string; document_hash: string; final_url: string }>('SELECT input, document_hash, final_url FROM input_documents');
      // an article stored without its document (extract of a file before v3 kept none) has nothing to re-extract from
      expect(rows).toEqual([{ input: 'https://a.example/x', document_hash: 'h1', final_url: 'https://a.example/y' }]);
    } finally {
      await db.close();
    }
  });
});
