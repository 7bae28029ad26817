// The store on both backends, same SQL: PGlite in a temporary folder and PostgreSQL on 127.0.0.1:5432.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extract } from '../../src/extract/index.js';
import type { ArticleRecord } from '../../src/record.js';
import { migrate, type Store } from '../../src/store/index.js';
import { backends } from '../helpers/services.js';

const ARTICLE = `Acme Robotics said on Monday that it would open a factory in Lyon.

"We are proud to build here," said Claire Dubois, the chief executive of Acme Robotics.

The union welcomed the plan.`;

const record = (id: string, text = ARTICLE): ArticleRecord => extract({ id, text, publishedAt: '2024-05-08', url: `https://news.example/${id}` });

for (const backend of backends) {
  describe(`store on ${backend.name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ store, cleanup } = await backend.open());
    });
    afterAll(async () => {
      await cleanup();
    });

    it('migrations run once: a second run applies nothing', async () => {
      expect(await migrate(store.db)).toBe(0);
    });

    it('a saved record reads back equal, with its entities, mentions and claims in their tables', async () => {
      const r = record('a1');
      expect(r.claims.length).toBeGreaterThan(0);
      await store.saveRecord(r, { url: r.url, body: ARTICLE, contentType: 'text/plain' });
      expect(await store.getRecord('a1')).toEqual(r);
      expect(await store.getRecord('https://news.example/a1')).toEqual(r);
      const { rows } = await store.db.query<{ n: string }>('SELECT count(*) AS n FROM claims WHERE article_id = $1', ['a1']);
      expect(Number(rows[0]?.n)).toBe(r.claims.length);
      const mentions = r.entities.reduce((n, e) => n + e.mentions.length, 0);
      const m = await store.db.query<{ n: string }>('SELECT count(*) AS n FROM entity_mentions WHERE article_id = $1', ['a1']);
      expect(Number(m.rows[0]?.n)).toBe(mentions);
    });

    it('saving the same record twice stores it once', async () => {
      const r = record('a2');
      await store.saveRecord(r, { url: r.url, body: ARTICLE });
      const before = await store.counts();
      await store.saveRecord(r, { url: r.url, body: ARTICLE });
      expect(await store.counts()).toEqual(before);
    });

    it('the raw document is content-addressed: one row for one body', async () => {
      const a = await store.saveDocument({ url: 'https://x.example/1', body: '<p>same</p>' });
      const b = await store.saveDocument({ url: 'https://x.example/2', body: '<p>same</p>' });
      expect(a).toBe(b);
      expect(await store.getDocument(a)).toMatchObject({ body: '<p>same</p>' });
    });

    it('re-extraction keeps a claim review status and drops claims no longer found', async () => {
      const r = record('a3');
      await store.saveRecord(r);
      const first = r.claims[0];
      if (!first) throw new Error('no claim');
      await store.db.query("UPDATE claims SET review_status = 'accepted' WHERE id = $1", [first.id]);
      await store.saveRecord(r);
      const kept = await store.db.query<{ review_status: string }>('SELECT review_status FROM claims WHERE id = $1', [first.id]);
      expect(kept.rows[0]?.review_status).toBe('accepted');
      const shorter = record('a3', 'Acme Robotics said on Monday that it would open a factory in Lyon.');
      await store.saveRecord(shorter);
      const left = await store.db.query<{ id: string }>('SELECT id FROM claims WHERE article_id = $1', ['a3']);
      expect(left.rows.map((x) => x.id).sort()).toEqual(shorter.claims.map((c) => c.id).sort());
    });

    it('an invalid record is refused whole and nothing is written', async () => {
      const before = await store.counts();
      const bad = { ...record('a4'), publishedAt: 'last Tuesday' } as ArticleRecord;
      await expect(store.saveRecord(bad)).rejects.toThrow();
      expect(await store.counts()).toEqual(before);
    });

    it('failures are recorded with input, stage and reason', async () => {
      await store.recordFailure({ input: 'http://bad.example/', stage: 'fetch', reason: 'http-status', detail: 'HTTP 500', retryable: true });
      const f = (await store.failures()).at(-1);
      expect(f).toMatchObject({ input: 'http://bad.example/', stage: 'fetch', reason: 'http-status', detail: 'HTTP 500', retryable: true });
    });

    it('records() pages through everything in id order', async () => {
      for (let i = 0; i < 5; i++) await store.saveRecord(record(`page-${i}`));
      const ids: string[] = [];
      for await (const r of store.records(2)) ids.push(r.id);
      expect(ids).toEqual([...ids].sort());
      expect(ids).toEqual(expect.arrayContaining(['page-0', 'page-4', 'a1']));
    });
  });
}
