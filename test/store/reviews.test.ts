// Reviews on both backends: each is an audit event that cannot be changed or removed, sets the claim's
// status, writes a 'reviewed' change; an unknown claim or a correction that does not fit is a typed result.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleRecord, Claim } from '../../src/record.js';
import type { ReviewInput } from '../../src/review/rules.js';
import type { Store } from '../../src/store/index.js';
import { backends } from '../helpers/services.js';

const TEXT = 'Ana Lima said the bridge opens in May. Rui Costa called the bridge a waste of money.';
const at = (s: string) => ({ start: TEXT.indexOf(s), end: TEXT.indexOf(s) + s.length });

const CLAIM: Claim = {
  id: 'rv-claim',
  kind: 'indirect',
  speaker: { entityId: 'person:ana-lima', name: 'Ana Lima', text: 'Ana Lima', ...at('Ana Lima') },
  cue: { text: 'said', ...at('said') },
  content: { text: 'the bridge opens in May', ...at('the bridge opens in May') },
  target: null,
  stance: 'neutral',
  confidence: 0.9,
};

const RECORD: ArticleRecord = {
  schemaVersion: 1,
  id: 'rv-article',
  url: 'https://news.example/rv',
  canonicalUrl: null,
  extractor: { name: 'newsdesk', version: '0.0.0-test' },
  pageKind: 'article',
  title: 'Bridge',
  authors: [],
  siteName: 'Porto News',
  language: 'en',
  description: null,
  publishedAt: '2026-05-08',
  publishedAtSource: 'input',
  modifiedAt: null,
  text: TEXT,
  wordCount: 16,
  contentHash: 'hash-rv',
  entities: [
    { id: 'person:ana-lima', name: 'Ana Lima', type: 'person', aliases: [], mentions: [{ text: 'Ana Lima', ...at('Ana Lima') }] },
    { id: 'person:rui-costa', name: 'Rui Costa', type: 'person', aliases: [], mentions: [{ text: 'Rui Costa', ...at('Rui Costa') }] },
  ],
  dates: [],
  claims: [CLAIM],
};

for (const backend of backends) {
  describe(`reviews on ${backend.name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ store, cleanup } = await backend.open());
      await store.saveRecord(RECORD);
    });
    afterAll(async () => {
      await cleanup();
    });

    const reviewedChanges = async () => (await store.changesAfter(null, 1000)).changes.filter((c) => c.kind === 'reviewed');

    it('an unknown claim is a not-found result, and nothing is written', async () => {
      expect(await store.reviewClaim('no-such-claim', { action: 'accept', reviewer: 'ed' })).toEqual({ ok: false, error: 'not-found', claimId: 'no-such-claim' });
      expect(await store.claimReviews('no-such-claim')).toEqual([]);
      expect(await reviewedChanges()).toEqual([]);
    });

    it('accepting sets the status, records the event and a reviewed change', async () => {
      const res = await store.reviewClaim('rv-claim', { action: 'accept', reviewer: 'ana@desk', note: 'checked the tape' });
      if (!res.ok) throw new Error(`refused: ${JSON.stringify(res)}`);
      expect(res.claim).toMatchObject({ id: 'rv-claim', articleId: 'rv-article', status: 'accepted', flagged: false, correction: null });
      expect(res.review).toMatchObject({ claimId: 'rv-claim', articleId: 'rv-article', action: 'accept', reviewer: 'ana@desk', note: 'checked the tape', correction: null });
      expect((await reviewedChanges()).map((c) => c.articleId)).toEqual(['rv-article']);
    });

    it('a correction outside the article text or naming an entity not in the article is an invalid result with the reason, and changes nothing', async () => {
      const outside = await store.reviewClaim('rv-claim', { action: 'correct', reviewer: 'ed', correction: { content: { start: 10, end: TEXT.length + 5 } } });
      expect(outside).toMatchObject({ ok: false, error: 'invalid', reason: expect.stringMatching(/outside the article text/) });
      const stranger = await store.reviewClaim('rv-claim', { action: 'correct', reviewer: 'ed', correction: { speakerEntityId: 'person:someone-else' } });
      expect(stranger).toMatchObject({ ok: false, error: 'invalid', reason: expect.stringMatching(/person:someone-else/) });
      // what the API passes on unchecked is checked here too
      const malformed = await store.reviewClaim('rv-claim', { action: 'correct', reviewer: 'ed' } as unknown as ReviewInput);
      expect(malformed).toMatchObject({ ok: false, error: 'invalid', reason: expect.stringMatching(/correction/) });
      expect((await store.claimReviews('rv-claim')).map((e) => e.action)).toEqual(['accept']);
      expect(await reviewedChanges()).toHaveLength(1);
      expect((await store.listClaims({ articleId: 'rv-article' })).items[0]?.status).toBe('accepted');
    });

    it('a correction shows the corrected values and keeps the extractor’s apart; the event keeps what was asked', async () => {
      const span = at('a waste of money');
      const res = await store.reviewClaim('rv-claim', { action: 'correct', reviewer: 'rui@desk', correction: { speakerEntityId: 'person:rui-costa', stance: 'oppose', content: span } });
      if (!res.ok) throw new Error(`refused: ${JSON.stringify(res)}`);
      expect(res.claim).toMatchObject({
        status: 'corrected',
        speaker: { entityId: 'person:rui-costa', name: 'Rui Costa', text: 'Rui Costa', ...at('Rui Costa') },
        stance: 'oppose',
        content: { text: 'a waste of money', ...span },
        cue: CLAIM.cue,
        extracted: { speaker: CLAIM.speaker, stance: 'neutral', content: CLAIM.content },
      });
      expect(res.review.correction).toEqual({ speakerEntityId: 'person:rui-costa', stance: 'oppose', content: span });
      // the record stays the extractor's
      expect((await store.getRecord('rv-article'))?.claims).toEqual([CLAIM]);
      expect((await store.listClaims({ speaker: 'person:rui-costa' })).items.map((c) => c.id)).toEqual(['rv-claim']);
      expect((await store.listClaims({ speaker: 'person:ana-lima' })).items).toEqual([]);
    });

    it('rejecting keeps the correction; the events list every review in order', async () => {
      const res = await store.reviewClaim('rv-claim', { action: 'reject', reviewer: 'chief' });
      expect(res.ok && res.claim.status).toBe('rejected');
      expect(res.ok && res.claim.stance).toBe('oppose');
      const events = await store.claimReviews('rv-claim');
      expect(events.map((e) => [e.action, e.reviewer])).toEqual([
        ['accept', 'ana@desk'],
        ['correct', 'rui@desk'],
        ['reject', 'chief'],
      ]);
      expect(events.map((e) => e.id)).toEqual([...events.map((e) => e.id)].sort((a, b) => a - b));
      expect(await reviewedChanges()).toHaveLength(3);
      expect((await store.listClaims({ status: 'rejected' })).items.map((c) => c.id)).toEqual(['rv-claim']);
    });

    it('the audit is append-only: updating, deleting or truncating review events is refused by the database', async () => {
      await expect(store.db.query("UPDATE claim_reviews SET reviewer = 'someone else'")).rejects.toThrow(/append-only/);
      await expect(store.db.query('DELETE FROM claim_reviews')).rejects.toThrow(/append-only/);
      await expect(store.db.query('TRUNCATE claim_reviews')).rejects.toThrow(/append-only/);
      expect((await store.claimReviews('rv-claim')).map((e) => e.reviewer)).toEqual(['ana@desk', 'rui@desk', 'chief']);
    });

    it('a reviewed claim outlives re-extraction that no longer finds it, with its audit', async () => {
      await store.saveRecord({ ...RECORD, claims: [] });
      const [kept] = (await store.listClaims({ articleId: 'rv-article' })).items;
      expect(kept).toMatchObject({ id: 'rv-claim', status: 'rejected', flag: 'missing', stance: 'oppose' });
      expect(await store.claimReviews('rv-claim')).toHaveLength(3);
    });
  });
}
