// Claims on both backends: listed with filters, full-text search and cursor pages, and re-extraction that
// keeps reviews (same claim), flags them (changed or no longer found) and never overwrites a correction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord, Claim, Entity } from '../../src/record.js';
import { type ClaimItem, InvalidCursorError, listClaims, migrate, openPglite, type Store } from '../../src/store/index.js';
import { backends } from '../helpers/services.js';

const TEXT = 'Ana Lima said the bridge opens in May. Rui Costa called the bridge a waste of money. Porto council members praised the engineers for their careful work.';

const entity = (id: string, name: string): Entity => {
  const start = TEXT.indexOf(name);
  return { id, name, type: id.startsWith('person:') ? 'person' : 'organization', aliases: [], mentions: [{ start, end: start + name.length, text: name }] };
};
const ENTITIES = [entity('person:ana-lima', 'Ana Lima'), entity('person:rui-costa', 'Rui Costa'), entity('organization:porto-council', 'Porto council')];

const claim = (id: string, content: string, speaker: string | null, stance: Claim['stance'] = 'neutral', target: string | null = null): Claim => {
  const start = TEXT.indexOf(content);
  if (start < 0) throw new Error(`not in the text: ${content}`);
  const who = ENTITIES.find((e) => e.id === speaker);
  return {
    id,
    kind: 'indirect',
    speaker: who ? { entityId: who.id, name: who.name, text: who.name, start: who.mentions[0]?.start ?? 0, end: who.mentions[0]?.end ?? 0 } : null,
    cue: { text: 'said', start: 9, end: 13 },
    content: { text: content, start, end: start + content.length },
    target: target ? { entityId: target, name: target, text: target } : null,
    stance,
    confidence: 0.8,
  };
};

const PORTO: Entity = { ...entity('place:porto', 'Porto'), type: 'place' };

const record = (id: string, claims: Claim[], site = 'Porto News', publishedAt = '2026-05-08', entities = ENTITIES): ArticleRecord => ({
  schemaVersion: 1,
  id,
  url: `https://news.example/${id}`,
  canonicalUrl: null,
  extractor: { name: 'newsdesk', version: '0.0.0-test' },
  pageKind: 'article',
  title: `Article ${id}`,
  authors: [],
  siteName: site,
  language: 'en',
  description: null,
  publishedAt,
  publishedAtSource: 'input',
  modifiedAt: null,
  text: TEXT,
  wordCount: 26,
  contentHash: `hash-${id}`,
  entities,
  dates: [],
  claims,
});

const BRIDGE = claim('c-bridge', 'the bridge opens in May', 'person:ana-lima', 'neutral');
const WASTE = claim('c-waste', 'the bridge a waste of money', 'person:rui-costa', 'oppose');
const PRAISE = claim('c-praise', 'the engineers for their careful work', 'organization:porto-council', 'support', 'person:ana-lima');

async function all(store: Store, filter: Parameters<Store['listClaims']>[0], limit: number): Promise<ClaimItem[]> {
  const out: ClaimItem[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const page = await store.listClaims(filter, { after, limit });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    out.push(...page.items);
    if (!page.next) return out;
    after = page.next;
  }
  throw new Error('pages never end');
}

for (const backend of backends) {
  describe(`claims on ${backend.name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ store, cleanup } = await backend.open());
      // ten articles of three claims each (c-bridge in art-0 is 'c-bridge-0'), published on 10 to 19 May,
      // the odd ones by Porto News, the first three also naming the place Porto
      for (let i = 0; i < 10; i++) {
        const own = (c: Claim) => ({ ...c, id: `${c.id}-${i}` });
        await store.saveRecord(record(`art-${i}`, [own(BRIDGE), own(WASTE), own(PRAISE)], i % 2 ? 'Porto News' : 'Lisbon Daily', `2026-05-${10 + i}`, i < 3 ? [...ENTITIES, PORTO] : ENTITIES));
      }
    });
    afterAll(async () => {
      await cleanup();
    });

    it('pages of seven cover all thirty claims exactly once, in id order', async () => {
      const ids = (await all(store, {}, 7)).map((c) => c.id);
      expect(ids).toHaveLength(30);
      expect(new Set(ids).size).toBe(30);
      expect(ids).toEqual([...ids].sort());
    });

    it('a claim reads back with the record fields, its article, pending status and no flag or correction', async () => {
      const [item] = (await store.listClaims({ articleId: 'art-3', speaker: 'person:rui-costa' })).items;
      expect(item).toEqual({ ...WASTE, id: 'c-waste-3', articleId: 'art-3', status: 'pending', flagged: false, flag: null, correction: null, extracted: null });
    });

    it('filters by speaker, target, stance and article', async () => {
      expect((await all(store, { speaker: 'person:ana-lima' }, 4)).map((c) => c.id).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `c-bridge-${i}`).sort());
      expect((await all(store, { target: 'person:ana-lima' }, 1000)).every((c) => c.id.startsWith('c-praise-'))).toBe(true);
      expect(await all(store, { target: 'person:ana-lima' }, 1000)).toHaveLength(10);
      expect((await all(store, { stance: 'oppose', articleId: 'art-7' }, 1000)).map((c) => c.id)).toEqual(['c-waste-7']);
      expect(await all(store, { speaker: 'person:nobody' }, 10)).toEqual([]);
    });

    it('full-text search finds claims by words of their content, stemmed, and a phrase only in order', async () => {
      expect((await all(store, { q: 'money' }, 1000)).map((c) => c.id)).toEqual(Array.from({ length: 10 }, (_, i) => `c-waste-${i}`).sort());
      // "engineer" finds "engineers"; both words must be there
      expect(await all(store, { q: 'engineer careful' }, 1000)).toHaveLength(10);
      expect((await all(store, { q: 'bridge', articleId: 'art-0' }, 1000)).map((c) => c.id)).toEqual(['c-bridge-0', 'c-waste-0']);
      expect(await all(store, { q: '"money waste"' }, 1000)).toEqual([]);
      expect(await all(store, { q: 'bridge -money', articleId: 'art-0' }, 1000)).toHaveLength(1);
      expect(await all(store, { q: 'helicopter' }, 1000)).toEqual([]);
    });

    it('a bad cursor or limit is refused with a clear error', async () => {
      await expect(store.listClaims({}, { after: 'not a cursor!' })).rejects.toThrow(InvalidCursorError);
      const changesCursor = Buffer.from('changes:3').toString('base64url');
      await expect(store.listClaims({}, { after: changesCursor })).rejects.toThrow(/not a cursor of claims/);
      await expect(store.listClaims({}, { limit: 1001 })).rejects.toThrow(RangeError);
      await expect(store.listClaims({}, { limit: 0 })).rejects.toThrow(RangeError);
    });

    describe('articles list', () => {
      const ids = async (filter: Parameters<Store['listArticles']>[0], limit = 3) => {
        const out: string[] = [];
        let after: string | null = null;
        do {
          const page = await store.listArticles(filter, { after, limit });
          expect(page.items.length).toBeLessThanOrEqual(limit);
          out.push(...page.items.map((a) => a.id));
          after = page.next;
        } while (after);
        return out;
      };
      const arts = (...n: number[]) => n.map((i) => `art-${i}`);

      it('pages of three cover the ten articles once each, as summaries with their claim counts', async () => {
        expect(await ids({})).toEqual(arts(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        expect((await store.listArticles({ site: 'Porto News' }, { limit: 1 })).items).toEqual([
          { id: 'art-1', url: 'https://news.example/art-1', title: 'Article art-1', siteName: 'Porto News', publishedAt: '2026-05-11', claims: 3 },
        ]);
      });

      it('filters by site, entity named, publication time (a date alone is its whole day) and words', async () => {
        expect(await ids({ site: 'Porto News' })).toEqual(arts(1, 3, 5, 7, 9));
        expect(await ids({ entity: 'place:porto' })).toEqual(arts(0, 1, 2));
        expect(await ids({ since: '2026-05-15' })).toEqual(arts(5, 6, 7, 8, 9));
        expect(await ids({ until: '2026-05-12' })).toEqual(arts(0, 1, 2));
        expect(await ids({ since: '2026-05-12', until: '2026-05-13T00:00:00Z', site: 'Lisbon Daily' })).toEqual(arts(2));
        expect(await ids({ q: 'careful engineers', entity: 'place:porto' })).toEqual(arts(0, 1, 2));
        expect(await ids({ q: 'helicopter' })).toEqual([]);
        await expect(store.listArticles({}, { after: 'garbage!' })).rejects.toThrow(InvalidCursorError);
      });
    });

    describe('re-extraction', () => {
      const status = async (id: string) => (await store.db.query<{ review_status: string; flag: string | null }>('SELECT review_status, flag FROM claims WHERE id = $1', [id])).rows[0] ?? null;

      it('the same claim found again keeps its review and is not flagged, even when its confidence moved', async () => {
        await store.saveRecord(record('re-1', [BRIDGE, WASTE].map((c) => ({ ...c, id: `${c.id}-re1` }))));
        expect((await store.reviewClaim('c-bridge-re1', { action: 'accept', reviewer: 'ed' })).ok).toBe(true);
        await store.saveRecord(record('re-1', [{ ...BRIDGE, id: 'c-bridge-re1', confidence: 0.5 }, { ...WASTE, id: 'c-waste-re1' }]));
        expect(await status('c-bridge-re1')).toEqual({ review_status: 'accepted', flag: null });
        const [item] = (await store.listClaims({ articleId: 're-1', speaker: 'person:ana-lima' })).items;
        expect(item?.confidence).toBe(0.5);
      });

      it('a reviewed claim whose stance changed keeps its review and is flagged; a review clears the flag', async () => {
        await store.saveRecord(record('re-1', [{ ...BRIDGE, id: 'c-bridge-re1', stance: 'support' }, { ...WASTE, id: 'c-waste-re1' }]));
        expect(await status('c-bridge-re1')).toEqual({ review_status: 'accepted', flag: 'changed' });
        expect((await store.listClaims({ articleId: 're-1', status: 'accepted' })).items.map((c) => [c.id, c.flagged, c.stance])).toEqual([['c-bridge-re1', true, 'support']]);
        await store.reviewClaim('c-bridge-re1', { action: 'accept', reviewer: 'ed', note: 'still right' });
        expect(await status('c-bridge-re1')).toEqual({ review_status: 'accepted', flag: null });
      });

      it('claims no longer found: the never-reviewed one goes, the reviewed one stays flagged missing and still listed', async () => {
        await store.saveRecord(record('re-1', []));
        expect(await status('c-waste-re1')).toBeNull();
        expect(await status('c-bridge-re1')).toEqual({ review_status: 'accepted', flag: 'missing' });
        expect((await store.listClaims({ articleId: 're-1' })).items.map((c) => [c.id, c.flag, c.content.text])).toEqual([['c-bridge-re1', 'missing', BRIDGE.content.text]]);
        // back again, the same: still wants its look
        await store.saveRecord(record('re-1', [{ ...BRIDGE, id: 'c-bridge-re1', stance: 'support' }]));
        expect(await status('c-bridge-re1')).toEqual({ review_status: 'accepted', flag: 'changed' });
      });

      it("a corrected claim keeps the reviewer's values when the extractor finds it otherwise; the extractor's are kept apart", async () => {
        const start = TEXT.indexOf('a waste of money');
        await store.saveRecord(record('re-2', [{ ...WASTE, id: 'c-waste-re2' }]));
        const done = await store.reviewClaim('c-waste-re2', { action: 'correct', reviewer: 'ed', correction: { content: { start, end: start + 16 }, targetEntityId: 'person:ana-lima' } });
        expect(done.ok).toBe(true);
        await store.saveRecord(record('re-2', [{ ...WASTE, id: 'c-waste-re2', stance: 'neutral', content: { text: 'the bridge a waste', start: 59, end: 77 } }]));
        const [item] = (await store.listClaims({ articleId: 're-2' })).items;
        expect(item).toMatchObject({
          id: 'c-waste-re2',
          status: 'corrected',
          flag: 'changed',
          content: { text: 'a waste of money', start, end: start + 16 },
          target: { entityId: 'person:ana-lima', name: 'Ana Lima', text: 'Ana Lima' },
          stance: 'neutral', // not corrected: the extractor's shows
          extracted: { content: { text: 'the bridge a waste', start: 59, end: 77 }, target: null },
        });
        // search and filters see the claim as shown
        expect((await store.listClaims({ q: 'money', articleId: 're-2' })).items).toHaveLength(1);
        expect((await store.listClaims({ target: 'person:ana-lima', articleId: 're-2' })).items).toHaveLength(1);
      });

      it('saving writes a stored change for a new article and reextracted for one saved before', async () => {
        const page = await store.changesAfter(null, 1000);
        const mine = page.changes.filter((c) => c.articleId === 're-2').map((c) => c.kind);
        expect(mine).toEqual(['stored', 'reviewed', 'reextracted']);
      });
    });
  });
}

describe('migrating a version-3 store', () => {
  it("keeps each claim's review status and gives it the extractor's whole claim from its record (or its columns when the record lacks it)", async () => {
    const db = await openPglite('memory://');
    try {
      expect(await migrate(db, 3)).toBe(3);
      const r = record('old', [BRIDGE]);
      await db.query("INSERT INTO articles (id, content_hash, page_kind, extractor_version, record) VALUES ('old', 'h', 'article', '0.1.0', $1::jsonb)", [JSON.stringify(r)]);
      const insert = 'INSERT INTO claims (id, article_id, kind, speaker_entity_id, speaker_name, speaker_text, cue, content, content_start, content_end, stance, confidence, review_status) VALUES ';
      await db.query(`${insert} ($1, 'old', 'indirect', 'person:ana-lima', 'Ana Lima', 'Ana Lima', 'said', $2, $3, $4, 'neutral', 0.8, 'accepted')`, [BRIDGE.id, BRIDGE.content.text, BRIDGE.content.start, BRIDGE.content.end]);
      await db.query(`${insert} ('orphan', 'old', 'direct', NULL, NULL, NULL, 'said', 'the plan', 1, 9, 'oppose', 0.5, 'pending')`);
      expect(await migrate(db, 4)).toBe(1);
      const { items } = await listClaims(db, { articleId: 'old' });
      expect(items.find((c) => c.id === BRIDGE.id)).toEqual({ ...BRIDGE, articleId: 'old', status: 'accepted', flagged: false, flag: null, correction: null, extracted: null });
      expect(items.find((c) => c.id === 'orphan')).toMatchObject({ kind: 'direct', speaker: null, target: null, content: { text: 'the plan', start: 1, end: 9 }, stance: 'oppose', status: 'pending' });
    } finally {
      await db.close();
    }
  });
});
