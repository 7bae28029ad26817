
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashKey } from '../../src/api/keys.js';
import type { ApiServer } from '../../src/api/server.js';
import type { Change, ClaimItem, ReviewEvent, } from '../../src/store/index.js';
import { backends } from '../helpers/services.js';
import { call, ingestFixture, startApi } from './harness.js';

type ClaimPage = { items: ClaimItem[]; next: string | null };
type Reviewed = { claim: ClaimItem; review: ReviewEvent };

// the Felixstowe dock strike ends (4 claims), Lisbon's tram line (5), the Kestrel wind farm approval (5)
const DOCK = 'date-from-url';
const TRAM = 'quote-speaker-after';
const WIND = 'two-sentence-attribution';
const CLAIMS_IN_ALL = 14;

for (const backend of backends) {
  describe(`claim routes on ${backend.name}`, () => {
    let db: Awaited<ReturnType<typeof backend.open>>;
    let api: ApiServer;
    const ids: Record<string, string> = {};

    /** Every claim, read over HTTP a page at a time. */
    async function allClaims(query = '', limit = 1000): Promise<ClaimItem[]> {
      const out: ClaimItem[] = [];
      let after: string | null = null;
      for (let pages = 0; pages < 100; pages++) {
        const r: { status: number; body: ClaimPage } = await call<ClaimPage>(api, `/claims?limit=${limit}${query}${after ? `&after=${encodeURIComponent(after)}` : ''}`);
        expect(r.status).toBe(200);
        expect(r.body.items.length).toBeLessThanOrEqual(limit);
        out.push(...r.body.items);
        if (!r.body.next) return out;
        after = r.body.next;
      }
      throw new Error('more than 100 pages');
    }
    const find = async (speakerName: string | null, words: string): Promise<ClaimItem> => {
      const c = (await allClaims()).find((x) => (x.speaker?.name ?? null) === speakerName && x.content.text.includes(words));
      if (!c) throw new Error(`no claim of ${speakerName}: ${words}`);
      return c;
    };

    beforeAll(async () => {
      db = await backend.open();
      for (const name of [DOCK, TRAM, WIND]) ids[name] = await ingestFixture(db.store, name);
      api = await startApi({ store: db.store });
    });
    afterAll(async () => {
      await api?.close();
      await db?.cleanup();
    });

    it('pages of 1, 2 and 5 cover every claim once, in id order', async () => {
      const whole = await allClaims();
      expect(whole).toHaveLength(CLAIMS_IN_ALL);
      for (const limit of [1, 2, 5]) {
        const paged = await allClaims('', limit);
        expect(paged.map((c) => c.id)).toEqual(whole.map((c) => c.id));
      }
      expect(new Set(whole.map((c) => c.id)).size).toBe(CLAIMS_IN_ALL);
      expect(whole.map((c) => c.id)).toEqual(whole.map((c) => c.id).sort());
      expect(new Set(whole.map((c) => c.articleId))).toEqual(new Set(Object.values(ids)));
      expect(whole.every((c) => c.status === 'pending' && !c.flagged && c.correction === null)).toBe(true);
    });

    it('filters by speaker entity and stance', async () => {
      // Ana Ribeiro calls the tram line an expensive mistake, and says her group will go to the audit court
      const ana = await allClaims('&speaker=person%3Aana-ribeiro');
      expect(ana).toHaveLength(2);
      expect(ana.every((c) => c.speaker?.name === 'Ana Ribeiro' && c.articleId === ids[TRAM])).toBe(true);
      const opposed = await allClaims('&speaker=person%3Aana-ribeiro&stance=oppose');
      // a direct quote's content keeps its quotation marks (as PolNeAR marks them), hence a match, not equality
      expect(opposed).toHaveLength(1);
      expect(opposed[0]?.content.text).toContain('It is an expensive mistake, and the neighbourhoods along the river will pay for it');
      // in favour: the union and its leader, the port's owner, Lisbon's mayor, the regulator, the developer
      const support = await allClaims('&stance=support');
      expect(support.map((c) => c.speaker?.name).sort()).toEqual(['Carlos Moedas', 'Hutchison Ports', 'Kestrel Offshore Wind', 'Megan Decker', 'Sharon Graham', 'Unite']);
      expect(await allClaims('&speaker=person%3Anobody-at-all')).toEqual([]);
      const bad = await call<{ message: string }>(api, '/claims?stance=furious');
      expect(bad.status).toBe(400);
      expect(bad.body.message).toContain('stance');
    });

    it('q finds a claim by a word of its content', async () => {
      const picket = await allClaims('&q=picket');
      expect(picket.map((c) => [c.speaker?.name, c.stance])).toEqual([['Sharon Graham', 'support']]);
      expect(picket[0]?.content.text).toContain('victory for every worker');
      expect((await allClaims('&q=crab')).map((c) => c.speaker?.name)).toEqual(['Dale Haskins']);
      expect(await allClaims('&q=zeppelin')).toEqual([]);
    });

    it('extracted claims come with provenance, targets and confidence, and the provenance and confidence filters agree with them', async () => {
      const whole = await allClaims();
      const ids = (cs: ClaimItem[]) => cs.map((c) => c.id);
      for (const c of whole) {
        expect(['rule', 'model'], c.id).toContain(c.provenance?.attribution.by);
        expect(['rule', 'model'], c.id).toContain(c.provenance?.stance.by);
        expect(c.provenance?.attribution.name, c.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
        expect(Array.isArray(c.targets), c.id).toBe(true);
        expect(c.confidence, c.id).toBeGreaterThanOrEqual(0);
        expect(c.confidence, c.id).toBeLessThanOrEqual(1);
      }
      for (const by of ['rule', 'model'] as const) {
        expect(ids(await allClaims(`&producer=${by}`)), by).toEqual(ids(whole.filter((c) => c.provenance?.attribution.by === by)));
        expect(ids(await allClaims(`&stanceBy=${by}`)), by).toEqual(ids(whole.filter((c) => c.provenance?.stance.by === by)));
      }
      // the hand-written patterns find the fixtures' "…," said X quotes
      expect(whole.some((c) => c.provenance?.attribution.by === 'rule')).toBe(true);
      for (const name of new Set(whole.map((c) => c.provenance?.attribution.name ?? ''))) {
        expect(ids(await allClaims(`&rule=${encodeURIComponent(name)}`)), name).toEqual(ids(whole.filter((c) => c.provenance?.attribution.name === name)));
      }
      // a threshold that is some claim's own confidence keeps that claim
      const middle = [...whole].sort((a, b) => a.confidence - b.confidence)[Math.floor(whole.length / 2)]?.confidence ?? 0.5;
      const sure = await allClaims(`&minConfidence=${middle}`);
      expect(ids(sure)).toEqual(ids(whole.filter((c) => c.confidence >= middle)));
      expect(sure.length).toBeGreaterThan(0);
      expect(ids(await allClaims(`&minConfidence=${middle}&producer=rule`))).toEqual(ids(sure.filter((c) => c.provenance?.attribution.by === 'rule')));
    });

    it('GET /claims/{id}: the claim, or a 404 naming the id', async () => {
      const graham = await find('Sharon Graham', 'picket line');
      const r = await call<ClaimItem>(api, `/claims/${graham.id}`);
      expect(r.status).toBe(200);
      expect(r.body).toEqual(graham);
      expect(r.body.speaker?.entityId).toBe('person:sharon-graham');
      const missing = await call(api, '/claims/no-such-claim-7');
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ status: 404, error: 'not-found', message: 'claim "no-such-claim-7": no such claim' });
      expect((await call(api, '/claims/no-such-claim-7/reviews')).status).toBe(404);
    });

    it('accept, reject and correct over HTTP change the claim and append audit events', async () => {
      const graham = await find('Sharon Graham', 'picket line');
      const question = await find(null, 'When will the first tram actually run?');
      const christmas = await find(null, 'shortages before Christmas');
      // the extractor took Christmas for a person it is aimed at
      expect(christmas.target?.entityId).toBe('person:christmas');

      const accepted = await call<Reviewed>(api, `/claims/${graham.id}/review`, { method: 'POST', json: { action: 'accept', reviewer: 'rita' } });
      expect(accepted.status).toBe(200);
      expect(accepted.body.claim).toMatchObject({ id: graham.id, status: 'accepted', correction: null });
      expect(accepted.body.review).toMatchObject({ claimId: graham.id, articleId: ids[DOCK], action: 'accept', reviewer: 'rita', note: null, correction: null });

      const rejected = await call<Reviewed>(api, `/claims/${question.id}/review`, { method: 'POST', json: { action: 'reject', reviewer: 'rita', note: 'a question, not a claim' } });
      expect(rejected.status).toBe(200);
      expect(rejected.body.claim.status).toBe('rejected');
      expect(rejected.body.review.note).toBe('a question, not a claim');

      const corrected = await call<Reviewed>(api, `/claims/${christmas.id}/review`, { method: 'POST', json: { action: 'correct', reviewer: 'sam', correction: { targetEntityId: null } } });
      expect(corrected.status).toBe(200);
      expect(corrected.body.claim).toMatchObject({ status: 'corrected', target: null, correction: { target: null }, stance: 'oppose' });
      expect(corrected.body.claim.extracted?.target?.entityId).toBe('person:christmas');
      expect(corrected.body.review.correction).toEqual({ targetEntityId: null });

      // then accepted after all: a second event, the first kept
      const again = await call<Reviewed>(api, `/claims/${question.id}/review`, { method: 'POST', json: { action: 'accept', reviewer: 'sam' } });
      expect(again.body.claim.status).toBe('accepted');
      const trail = await call<{ items: ReviewEvent[] }>(api, `/claims/${question.id}/reviews`);
      expect(trail.status).toBe(200);
      expect(trail.body.items.map((e) => [e.action, e.reviewer])).toEqual([
        ['reject', 'rita'],
        ['accept', 'sam'],
      ]);
      expect((await call<{ items: ReviewEvent[] }>(api, `/claims/${graham.id}/reviews`)).body.items).toEqual([accepted.body.review]);
      expect((await call<{ items: ReviewEvent[] }>(api, `/claims/${(await find('Dale Haskins', 'crab')).id}/reviews`)).body.items).toEqual([]);

      // as GET shows them and as the filters find them
      expect((await call<ClaimItem>(api, `/claims/${christmas.id}`)).body).toEqual(corrected.body.claim);
      expect((await allClaims('&status=accepted')).map((c) => c.id).sort()).toEqual([graham.id, question.id].sort());
      expect((await allClaims('&target=person%3Achristmas')).map((c) => c.id)).toEqual([]);
    });

    it('a review that does not fit: 400 with the reason; an unknown claim: 404', async () => {
      const haskins = await find('Dale Haskins', 'crab');
      const stranger = await call<{ message: string }>(api, `/claims/${haskins.id}/review`, { method: 'POST', json: { action: 'correct', reviewer: 'sam', correction: { speakerEntityId: 'person:sharon-graham' } } });
      expect(stranger.status).toBe(400);
      expect(stranger.body.message).toContain('speakerEntityId person:sharon-graham is not an entity of the article');
      const span = await call<{ message: string }>(api, `/claims/${haskins.id}/review`, { method: 'POST', json: { action: 'correct', reviewer: 'sam', correction: { content: { start: 0, end: 999_999 } } } });
      expect(span.status).toBe(400);
      expect(span.body.message).toContain('outside the article text');
      const verb = await call<{ message: string; issues: { field: string }[] }>(api, `/claims/${haskins.id}/review`, { method: 'POST', json: { action: 'approve', reviewer: 'sam' } });
      expect(verb.status).toBe(400);
      expect(verb.body.issues.map((i) => i.field)).toContain('action');
      const nobody = await call<{ issues: { field: string }[] }>(api, `/claims/${haskins.id}/review`, { method: 'POST', json: { action: 'accept' } });
      expect(nobody.status).toBe(400);
      expect(nobody.body.issues.map((i) => i.field)).toContain('reviewer');
      const empty = await call(api, `/claims/${haskins.id}/review`, { method: 'POST', json: { action: 'correct', reviewer: 'sam', correction: {} } });
      expect(empty.status).toBe(400);
      // nothing was written
      expect((await call<ClaimItem>(api, `/claims/${haskins.id}`)).body.status).toBe('pending');
      expect((await call<{ items: unknown[] }>(api, `/claims/${haskins.id}/reviews`)).body.items).toEqual([]);

      const missing = await call(api, '/claims/no-such-claim-7/review', { method: 'POST', json: { action: 'accept', reviewer: 'sam' } });
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ message: 'claim "no-such-claim-7": no such claim' });
    });

    it("a reviewed claim shows up as a 'reviewed' change of its article in /changes", async () => {
      const megan = await find('Megan Decker', 'fishing industry');
      const before = await call<{ changes: Change[]; next: string | null }>(api, '/changes?limit=1000');
      const r = await call(api, `/claims/${megan.id}/review`, { method: 'POST', json: { action: 'accept', reviewer: 'rita' } });
      expect(r.status).toBe(200);
      const after = await call<{ changes: Change[]; next: string | null }>(api, `/changes?after=${encodeURIComponent(before.body.next as string)}`);
      expect(after.body.changes.map((c) => [c.kind, c.articleId])).toEqual([['reviewed', ids[WIND]]]);
    });

    it('GET /articles lists summaries, filtered by entity, time and words, a page at a time', async () => {
      type Summaries = { items: { id: string; title: string | null; publishedAt: string | null; claims: number }[]; next: string | null };
      const all = await call<Summaries>(api, '/articles');
      expect(all.status).toBe(200);
      expect(all.body.next).toBeNull();
      expect(all.body.items.map((a) => a.id)).toEqual(Object.values(ids).sort());
      expect(all.body.items.find((a) => a.id === ids[DOCK])).toMatchObject({ title: 'Striking dock workers return after pay deal', publishedAt: expect.stringMatching(/^2021-09-27/), claims: 4 });
      const one = await call<Summaries>(api, '/articles?limit=1');
      expect(one.body.items).toHaveLength(1);
      const two = await call<Summaries>(api, `/articles?limit=2&after=${encodeURIComponent(one.body.next as string)}`);
      expect([...one.body.items, ...two.body.items].map((a) => a.id)).toEqual(all.body.items.map((a) => a.id));
      expect(two.body.next).toBeNull();
      expect((await call<Summaries>(api, '/articles?entity=person%3Acarlos-moedas')).body.items.map((a) => a.id)).toEqual([ids[TRAM]]);
      expect((await call<Summaries>(api, '/articles?q=turbines')).body.items.map((a) => a.id)).toEqual([ids[WIND]]);
      // the dock strike (2021) is the only one before 2022; 2024-01-11 (wind farm) to 2024-03-14 (tram) inclusive
      expect((await call<Summaries>(api, '/articles?until=2021-12-31')).body.items.map((a) => a.id)).toEqual([ids[DOCK]]);
      expect((await call<Summaries>(api, '/articles?since=2024-01-01&until=2024-03-14')).body.items.map((a) => a.id).sort()).toEqual([ids[TRAM], ids[WIND]].sort());
      expect((await call(api, '/articles?since=last-tuesday')).status).toBe(400);
    });

    it('limit 1 to 1,000 and cursors of this list only: 400 otherwise', async () => {
      for (const path of ['/claims?limit=0', '/claims?limit=1001', '/articles?limit=0', '/claims?after=%25%25%25', '/articles?after=bm90LWEtY3Vyc29y']) {
        const r = await call<{ error: string }>(api, path);
        expect(r.status, path).toBe(400);
        expect(r.body.error).toBe('invalid-request');
      }
      // a page cursor of /articles is not one of /claims
      const articles = await call<{ next: string }>(api, '/articles?limit=1');
      const crossed = await call<{ message: string }>(api, `/claims?after=${encodeURIComponent(articles.body.next)}`);
      expect(crossed.status).toBe(400);
      expect(crossed.body.message).toContain('not a cursor of claims');
      expect((await call(api, '/claims?limit=1000')).status).toBe(200);
    });

    it('with keys: a reader may read claims but not review them (403); no key: 401; an analyst reviews', async () => {
      const READER = 'reader-key-claims-1';
      const ANALYST = 'analyst-key-claims-2';
      const locked = await startApi({
        store: db.store,
        keys: [
          { role: 'reader', sha256: hashKey(READER) },
          { role: 'analyst', sha256: hashKey(ANALYST) },
        ],
      });
      try {
        const moedas = await find('Carlos Moedas', 'good news');
        const path = `/claims/${moedas.id}/review`;
        const review = { action: 'accept', reviewer: 'rita' };
        expect((await call(locked, `/claims/${moedas.id}`, { headers: { authorization: `Bearer ${READER}` } })).status).toBe(200);
        expect((await call(locked, path, { method: 'POST', json: review })).status).toBe(401);
        const reader = await call(locked, path, { method: 'POST', json: review, headers: { authorization: `Bearer ${READER}` } });
        expect(reader.status).toBe(403);
        expect(reader.body).toMatchObject({ message: `POST ${path} needs the analyst role or above; this key's role is reader` });
        expect((await call<ClaimItem>(locked, `/claims/${moedas.id}`, { headers: { authorization: `Bearer ${READER}` } })).body.status).toBe('pending');
        const analyst = await call<Reviewed>(locked, path, { method: 'POST', json: review, headers: { authorization: `Bearer ${ANALYST}` } });
        expect(analyst.status).toBe(200);
        expect(analyst.body.claim.status).toBe('accepted');
      } finally {
        await locked.close();
      }
    });
  });
}
