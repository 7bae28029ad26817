// Entities on both backends, with records the extractor made from the fixtures: one entity with its aliases,
// articles and claims; a merge and a split moving mentions, claims (reviews kept, nothing flagged) and
// corrections, in one transaction each with an append-only audit event and a 'reviewed' change per article;
// redirects (chains resolved, cycles refused); and re-extraction and later articles landing where the
// analysts put them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from '../../src/eval/gold-sets.js';
import { extract } from '../../src/extract/index.js';
import type { ArticleRecord } from '../../src/record.js';
import type { ClaimItem, EntityView, Store } from '../../src/store/index.js';
import { backends } from '../helpers/services.js';

/** A fixture extracted as ingest would (under its gold URL), or under another URL: another article. */
function extractFixture(name: string, url?: string): ArticleRecord {
  const gold = JSON.parse(readFileSync(join(FIXTURES_DIR, `${name}.gold.json`), 'utf8')) as { url: string };
  return extract({ html: readFileSync(join(FIXTURES_DIR, `${name}.html`), 'utf8'), url: url ?? gold.url });
}

// Wang Wenbin ("Wang") and Choi Young-sam ("Choi") on fisheries talks in Qingdao; Beijing and Seoul speak
// for their countries. The Felixstowe dock strike: Unite, Sharon Graham, Hutchison Ports, a "person" Christmas.
const TALKS = 'non-western-names';
const DOCK = 'date-from-url';

for (const backend of backends) {
  describe(`entities on ${backend.name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let talks: ArticleRecord;
    let dock: ArticleRecord;
    beforeAll(async () => {
      ({ store, cleanup } = await backend.open());
      talks = extractFixture(TALKS);
      dock = extractFixture(DOCK);
      await store.saveRecord(talks);
      await store.saveRecord(dock);
    });
    afterAll(async () => {
      await cleanup();
    });

    const view = async (id: string): Promise<EntityView> => {
      const found = await store.getEntity(id);
      if (found.found !== 'entity') throw new Error(`${id}: ${JSON.stringify(found)}`);
      return found.view;
    };
    const claimOf = async (words: string): Promise<ClaimItem> => {
      const c = (await store.listClaims({}, { limit: 1000 })).items.find((x) => x.content.text.includes(words));
      if (!c) throw new Error(`no claim: ${words}`);
      return c;
    };
    const mentionsOf = async (entityId: string) =>
      (await store.db.query<{ article_id: string; text: string }>('SELECT article_id, text FROM entity_mentions WHERE entity_id = $1 ORDER BY article_id, start_offset', [entityId])).rows;
    const seqNow = async () => (await store.changesAfter(null, 1000)).next;

    it('an entity: its name, type, aliases, counts, and a page each of its articles and claims', async () => {
      const wang = await view('person:wang-wenbin');
      expect(wang.entity).toEqual({ id: 'person:wang-wenbin', name: 'Wang Wenbin', type: 'person', aliases: ['Wang'], mentions: 2, articles: 1 });
      expect(wang.articles).toEqual({ items: [{ id: talks.id, title: talks.title, url: talks.url, publishedAt: talks.publishedAt }], next: null });
      expect(wang.claims.items.map((c) => c.speaker?.text).sort()).toEqual(['Wang', 'Wang Wenbin']);
      // a target counts too; pages of one
      const beijing = await store.getEntity('place:beijing', { claims: { limit: 1 } });
      expect(beijing.found === 'entity' && beijing.view.claims.items.map((c) => c.target?.entityId)).toEqual(['place:beijing']);
      expect(beijing.found === 'entity' && beijing.view.claims.next).toBeNull();
      expect(await store.getEntity('person:nobody')).toEqual({ found: 'none' });
    });

    it('a merge moves mentions, claims and corrections; reviews are kept and nothing is flagged; the old id redirects', async () => {
      const said = await claimOf('reduce the number of clashes'); // Wang, aimed at Beijing
      expect(said.target?.entityId).toBe('place:beijing');
      await store.reviewClaim(said.id, { action: 'accept', reviewer: 'ana' });
      const welcomed = await claimOf('Seoul welcomed the decision');
      const corrected = await store.reviewClaim(welcomed.id, { action: 'correct', reviewer: 'ana', correction: { targetEntityId: 'place:beijing' } });
      expect(corrected.ok).toBe(true);
      const before = await seqNow();

      const res = await store.mergeEntities({ from: 'place:beijing', into: 'place:china', reviewer: 'ana', note: 'Beijing speaks for China here' });
      if (!res.ok) throw new Error(JSON.stringify(res));
      expect(res.edit).toMatchObject({ action: 'merge', entityId: 'place:beijing', alias: null, into: { id: 'place:china', name: 'China', type: 'place' }, reviewer: 'ana', note: 'Beijing speaks for China here', articles: [talks.id] });
      expect(res.entity).toEqual({ id: 'place:china', name: 'China', type: 'place', aliases: ['Beijing'], mentions: 2, articles: 1 });
      expect(await mentionsOf('place:beijing')).toEqual([]);
      expect((await mentionsOf('place:china')).map((m) => m.text)).toEqual(['China', 'Beijing']);

      const moved = await store.getClaim(said.id);
      expect(moved).toMatchObject({ status: 'accepted', flagged: false, flag: null, target: { entityId: 'place:china', name: 'China' } });
      const welcomedNow = await store.getClaim(welcomed.id);
      expect(welcomedNow).toMatchObject({ status: 'corrected', target: { entityId: 'place:china', name: 'China' }, correction: { target: { entityId: 'place:china' } } });
      // the record: one entity, the claims' ids rewritten
      const record = await store.getRecord(talks.id);
      expect(record?.entities.filter((e) => e.id === 'place:china' || e.id === 'place:beijing').map((e) => [e.id, e.aliases])).toEqual([['place:china', ['Beijing']]]);
      expect(record?.claims.find((c) => c.id === said.id)?.target).toMatchObject({ entityId: 'place:china', name: 'China', text: 'Beijing' });
      // what a listing by entity finds
      expect((await store.listClaims({ target: 'place:beijing' })).items).toEqual([]);
      expect((await store.listClaims({ target: 'place:china' })).items.map((c) => c.id)).toEqual(expect.arrayContaining([said.id, welcomed.id]));
      expect(await store.getEntity('place:beijing')).toEqual({ found: 'redirect', to: 'place:china' });
      // one 'reviewed' change for the one article it changed
      expect((await store.changesAfter(before, 1000)).changes.map((c) => [c.articleId, c.kind])).toEqual([[talks.id, 'reviewed']]);
    });

    it('a split moves the mentions with exactly that alias, and the claims spoken under it, to the entity made from type and name', async () => {
      const underAlias = await claimOf('reduce the number of clashes'); // "Wang said…"
      const underName = await claimOf('agreed to hold the first round'); // "Wang Wenbin said…"
      const before = await seqNow();
      const res = await store.splitEntity('person:wang-wenbin', { alias: 'Wang', reviewer: 'rui' });
      if (!res.ok) throw new Error(JSON.stringify(res));
      expect(res.edit).toMatchObject({ action: 'split', entityId: 'person:wang-wenbin', alias: 'Wang', into: { id: 'person:wang', name: 'Wang', type: 'person' }, articles: [talks.id] });
      expect(res.entity).toEqual({ id: 'person:wang', name: 'Wang', type: 'person', aliases: [], mentions: 1, articles: 1 });
      expect((await mentionsOf('person:wang-wenbin')).map((m) => m.text)).toEqual(['Wang Wenbin']);
      expect(await store.getClaim(underAlias.id)).toMatchObject({ speaker: { entityId: 'person:wang', name: 'Wang', text: 'Wang' }, status: 'accepted', flagged: false });
      expect((await store.getClaim(underName.id))?.speaker?.entityId).toBe('person:wang-wenbin');
      expect((await view('person:wang-wenbin')).entity.aliases).toEqual([]);
      const record = await store.getRecord(talks.id);
      expect(record?.entities.find((e) => e.id === 'person:wang')).toMatchObject({ name: 'Wang', aliases: [], mentions: [{ text: 'Wang' }] });
      expect((await store.changesAfter(before, 1000)).changes.map((c) => [c.articleId, c.kind])).toEqual([[talks.id, 'reviewed']]);
    });

    it('re-extraction keeps the merge and the split: same entity ids, reviews kept, nothing flagged', async () => {
      const before = await store.getRecord(talks.id);
      await store.saveRecord(extractFixture(TALKS));
      const after = await store.getRecord(talks.id);
      expect(after?.entities).toEqual(before?.entities);
      expect(after?.claims).toEqual(before?.claims);
      const all = (await store.listClaims({ articleId: talks.id }, { limit: 1000 })).items;
      expect(all.filter((c) => c.flagged)).toEqual([]);
      expect(all.filter((c) => c.status !== 'pending').map((c) => c.status).sort()).toEqual(['accepted', 'corrected']);
      expect(await mentionsOf('place:beijing')).toEqual([]);
      expect((await mentionsOf('person:wang')).map((m) => m.text)).toEqual(['Wang']);
    });

    it('another article naming the old entity, or the split alias, lands where the analysts put them', async () => {
      const other = extractFixture(TALKS, 'https://elsewhere.example/fisheries');
      expect(other.entities.map((e) => e.id)).toEqual(expect.arrayContaining(['place:beijing', 'person:wang-wenbin']));
      await store.saveRecord(other);
      const stored = await store.getRecord(other.id);
      expect(stored?.entities.map((e) => e.id)).not.toContain('place:beijing');
      expect(stored?.entities.find((e) => e.id === 'place:china')?.aliases).toEqual(['Beijing']);
      expect(stored?.entities.find((e) => e.id === 'person:wang')?.mentions.map((m) => m.text)).toEqual(['Wang']);
      expect((await view('place:china')).entity.articles).toBe(2);
      expect((await view('person:wang')).articles.items.map((a) => a.id).sort()).toEqual([talks.id, other.id].sort());
    });

    it('merges follow and shorten chains, refuse cycles, a merge into itself, an id already merged, and unknown ids', async () => {
      const a = await store.mergeEntities({ from: 'organization:unite', into: 'organization:hutchison-ports', reviewer: 'ana' });
      expect(a.ok).toBe(true);
      const b = await store.mergeEntities({ from: 'organization:hutchison-ports', into: 'organization:nanyang-technological-university', reviewer: 'ana' });
      expect(b.ok && b.entity.aliases.sort()).toEqual(['Hutchison Ports', 'Unite']);
      expect(await store.getEntity('organization:unite')).toEqual({ found: 'redirect', to: 'organization:nanyang-technological-university' });
      // into an id merged before: followed to where it went
      const c = await store.mergeEntities({ from: 'organization:chinese-foreign-ministry', into: 'organization:unite', reviewer: 'ana' });
      expect(c.ok && c.edit.into.id).toBe('organization:nanyang-technological-university');
      const cycle = await store.mergeEntities({ from: 'organization:nanyang-technological-university', into: 'organization:unite', reviewer: 'ana' });
      expect(cycle).toEqual({ ok: false, error: 'invalid', reason: expect.stringMatching(/cycle/) });
      expect(await store.mergeEntities({ from: 'place:china', into: 'place:china', reviewer: 'ana' })).toMatchObject({ ok: false, error: 'invalid', reason: expect.stringMatching(/itself/) });
      expect(await store.mergeEntities({ from: 'place:beijing', into: 'place:seoul', reviewer: 'ana' })).toMatchObject({ ok: false, error: 'invalid', reason: expect.stringMatching(/already merged into "place:china"/) });
      expect(await store.mergeEntities({ from: 'place:atlantis', into: 'place:seoul', reviewer: 'ana' })).toEqual({ ok: false, error: 'not-found', entityId: 'place:atlantis' });
      expect(await store.mergeEntities({ from: 'place:seoul', into: 'place:atlantis', reviewer: 'ana' })).toEqual({ ok: false, error: 'not-found', entityId: 'place:atlantis' });
      expect(await store.mergeEntities({ from: 'place:seoul', reviewer: 'ana' } as never)).toMatchObject({ ok: false, error: 'invalid', reason: expect.stringMatching(/into/) });
    });

    it('types must match unless the merge says otherwise', async () => {
      const refused = await store.mergeEntities({ from: 'person:christmas', into: 'place:port-of-felixstowe', reviewer: 'ana' });
      expect(refused).toMatchObject({ ok: false, error: 'invalid', reason: expect.stringMatching(/person.*place.*allowTypeChange/) });
      const done = await store.mergeEntities({ from: 'person:christmas', into: 'place:port-of-felixstowe', reviewer: 'ana', allowTypeChange: true });
      expect(done.ok && done.entity).toMatchObject({ id: 'place:port-of-felixstowe', type: 'place', aliases: ['Christmas'] });
      const claim = await claimOf('Christmas');
      expect(claim.target).toMatchObject({ entityId: 'place:port-of-felixstowe', name: 'Port of Felixstowe' });
    });

    it('a split refuses an alias the entity lacks, its own name, an id that is its own, and unknown ids', async () => {
      expect(await store.splitEntity('person:choi-young-sam', { alias: 'choi', reviewer: 'ana' })).toEqual({ ok: false, error: 'invalid', reason: expect.stringMatching(/"choi" is not an alias of "person:choi-young-sam"; its aliases are "Choi"/) });
      expect(await store.splitEntity('person:choi-young-sam', { alias: 'Choi Young-sam', reviewer: 'ana' })).toMatchObject({ ok: false, error: 'invalid', reason: expect.stringMatching(/is the name of/) });
      expect(await store.splitEntity('person:choi-young-sam', { alias: 'Choi', name: 'Choi Young Sam', reviewer: 'ana' })).toMatchObject({ ok: false, error: 'invalid', reason: expect.stringMatching(/the entity's own/) });
      expect(await store.splitEntity('person:nobody', { alias: 'Choi', reviewer: 'ana' })).toEqual({ ok: false, error: 'not-found', entityId: 'person:nobody' });
      expect(await store.splitEntity('place:beijing', { alias: 'Beijing', reviewer: 'ana' })).toMatchObject({ ok: false, error: 'invalid', reason: expect.stringMatching(/merged into "place:china"/) });
      // onto an existing entity, with a type of its own
      const res = await store.splitEntity('person:choi-young-sam', { alias: 'Choi', reviewer: 'ana', name: 'Seoul', type: 'place' });
      expect(res.ok && res.entity).toMatchObject({ id: 'place:seoul', aliases: ['Choi'] });
    });

    it('the audit is append-only: updating, deleting or truncating entity edits is refused by the database', async () => {
      const { rows } = await store.db.query<{ n: string | number }>('SELECT count(*) AS n FROM entity_edits');
      expect(Number(rows[0]?.n)).toBe(7);
      await expect(store.db.query("UPDATE entity_edits SET reviewer = 'someone else'")).rejects.toThrow(/append-only/);
      await expect(store.db.query('DELETE FROM entity_edits')).rejects.toThrow(/append-only/);
      await expect(store.db.query('TRUNCATE entity_edits')).rejects.toThrow(/append-only/);
      const after = await store.db.query<{ n: string | number }>('SELECT count(*) AS n FROM entity_edits');
      expect(Number(after.rows[0]?.n)).toBe(7);
    });
  });
}
