// The whole round over real HTTP, on PGlite and PostgreSQL: URLs fed from a local fixture server,
// records read back, claims searched and reviewed, the documents re-extracted (what `newsdesk reprocess`
// does without Redis), and the reviews found as the analysts left them, with the change feed telling it all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../src/api/server.js';
import { inProcessExtractor } from '../../src/ingest/extractor.js';
import { reprocessStored } from '../../src/ingest/reprocess.js';
import type { ArticleRecord } from '../../src/record.js';
import type { Change, ClaimItem, ReviewEvent } from '../../src/store/index.js';
import type { TestServer } from '../helpers/server.js';
import { backends } from '../helpers/services.js';
import { call, fixtureServer, startApi } from './harness.js';

type Page<T> = { items: T[]; next: string | null };
type Outcome = { url: string; outcome: string; id?: string };

// Lisbon's tram line (Moedas for it, Ribeiro against it) and the Kestrel wind farm approval
const TRAM = 'quote-speaker-after.html';
const WIND = 'two-sentence-attribution.html';

let pages: TestServer;
beforeAll(async () => {
  pages = await fixtureServer();
});
afterAll(async () => {
  await pages?.close();
});

for (const backend of backends) {
  describe(`feed, read, search, review, re-extract on ${backend.name}`, () => {
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

    it('keeps every review through re-extraction, and the change feed tells each step once', async () => {
      // feed: two articles fetched from the local server, extracted and stored
      const urls = [TRAM, WIND].map((f) => `${pages.url}/articles/${f}`);
      const fed = await call<{ results: Outcome[] }>(api, '/urls', { method: 'POST', json: { urls } });
      expect(fed.status).toBe(200);
      expect(fed.body.results.map((r) => r.outcome)).toEqual(['stored', 'stored']);
      const [tramId, windId] = fed.body.results.map((r) => r.id as string) as [string, string];

      // read: the list and each record
      const list = await call<Page<{ id: string; title: string | null }>>(api, '/articles');
      expect(list.body.items.map((a) => a.id).sort()).toEqual([tramId, windId].sort());
      const tram = await call<ArticleRecord>(api, `/articles/${encodeURIComponent(tramId)}`);
      expect(tram.body.title).toBe('Lisbon approves airport tram line after two-year fight');

      // search: Ribeiro's quote by its words, Moedas's by a phrase
      const mistake = await call<Page<ClaimItem>>(api, `/claims?q=${encodeURIComponent('expensive mistake')}`);
      expect(mistake.body.items).toHaveLength(1);
      const ribeiro = mistake.body.items[0] as ClaimItem;
      expect(ribeiro.speaker?.name).toBe('Ana Ribeiro');
      expect(ribeiro.stance).toBe('oppose');
      const good = await call<Page<ClaimItem>>(api, `/claims?q=${encodeURIComponent('"good news"')}`);
      const moedas = good.body.items[0] as ClaimItem;
      expect(moedas.speaker?.name).toBe('Carlos Moedas');

      // review: accept Ribeiro's; correct Moedas's stance to neutral (as if the analyst read it so)
      const accepted = await call<{ claim: ClaimItem }>(api, `/claims/${encodeURIComponent(ribeiro.id)}/review`, { method: 'POST', json: { action: 'accept', reviewer: 'rosa' } });
      expect(accepted.body.claim.status).toBe('accepted');
      const corrected = await call<{ claim: ClaimItem }>(api, `/claims/${encodeURIComponent(moedas.id)}/review`, {
        method: 'POST',
        json: { action: 'correct', reviewer: 'rosa', note: 'a description, not a side taken', correction: { stance: 'neutral' } },
      });
      expect(corrected.body.claim).toMatchObject({ status: 'corrected', stance: 'neutral', extracted: { stance: 'support' } });

      // re-extract everything stored, as `newsdesk reprocess --all` does without Redis
      const run = await reprocessStored(db.store, {}, inProcessExtractor());
      expect(run).toEqual({ count: 2, failed: 0 });

      // the reviews are kept, the same claims are not flagged, the correction still shows over the extractor
      const r1 = await call<ClaimItem>(api, `/claims/${encodeURIComponent(ribeiro.id)}`);
      expect(r1.body).toMatchObject({ status: 'accepted', flagged: false, stance: 'oppose' });
      const m1 = await call<ClaimItem>(api, `/claims/${encodeURIComponent(moedas.id)}`);
      expect(m1.body).toMatchObject({ status: 'corrected', flagged: false, stance: 'neutral', correction: { stance: 'neutral' }, extracted: { stance: 'support' } });
      const audit = await call<{ items: ReviewEvent[] }>(api, `/claims/${encodeURIComponent(moedas.id)}/reviews`);
      expect(audit.body.items.map((e) => [e.action, e.reviewer, e.note])).toEqual([['correct', 'rosa', 'a description, not a side taken']]);
      const pending = await call<Page<ClaimItem>>(api, '/claims?status=pending&limit=1000');
      expect(pending.body.items.some((c) => c.id === ribeiro.id || c.id === moedas.id)).toBe(false);

      // the change feed: each article stored once (fed side by side, so in either order), the two reviews of
      // the tram article, then each article re-extracted once
      const changes = await call<{ changes: Change[] }>(api, '/changes?limit=100');
      const seen = changes.body.changes.map((c) => `${c.kind} ${c.articleId}`);
      const both = (kind: string) => [tramId, windId].map((id) => `${kind} ${id}`).sort();
      expect(seen).toHaveLength(6);
      expect(seen.slice(0, 2).sort()).toEqual(both('stored'));
      expect(seen.slice(2, 4)).toEqual([`reviewed ${tramId}`, `reviewed ${tramId}`]);
      expect(seen.slice(4).sort()).toEqual(both('reextracted'));
    });
  });
}
