// The entity routes over real HTTP on both backends, with the fixtures ingested as `newsdesk ingest` would:
// GET /entities/{id} (aliases, counts, a page each of articles and claims; 404; 308 for a merged id),
// POST /entities/merge and POST /entities/{id}/split (what moves, reviews kept, the record served, the
// change feed), re-extraction and a later article keeping both, bad bodies, unknown ids, and roles.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashKey } from '../../src/api/keys.js';
import type { ApiServer } from '../../src/api/server.js';
import { FIXTURES_DIR } from '../../src/eval/gold-sets.js';
import { extract } from '../../src/extract/index.js';
import type { ArticleRecord } from '../../src/record.js';
import type { Change, ClaimItem, EntityArticle, EntityEditEvent, EntitySummary } from '../../src/store/index.js';
import { backends } from '../helpers/services.js';
import { call, ingestFixture, startApi } from './harness.js';

type Page<T> = { items: T[]; next: string | null };
type EntityBody = { entity: EntitySummary; articles: Page<EntityArticle>; claims: Page<ClaimItem> };
type Edited = { edit: EntityEditEvent; entity: EntitySummary };

// Wang Wenbin ("Wang") and Choi Young-sam ("Choi"); Beijing and Seoul speak for their countries. The
// Felixstowe dock strike: Unite, Sharon Graham, Hutchison Ports.
const TALKS = 'non-western-names';
const DOCK = 'date-from-url';
const READER = 'reader-key-e1';
const ANALYST = 'analyst-key-e2';
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const path = (id: string) => `/entities/${encodeURIComponent(id)}`;

function extractFixture(name: string, url?: string): ArticleRecord {
  const gold = JSON.parse(readFileSync(join(FIXTURES_DIR, `${name}.gold.json`), 'utf8')) as { url: string };
  return extract({ html: readFileSync(join(FIXTURES_DIR, `${name}.html`), 'utf8'), url: url ?? gold.url });
}

for (const backend of backends) {
  describe(`entity routes on ${backend.name}`, () => {
    let db: Awaited<ReturnType<typeof backend.open>>;
    let api: ApiServer;
    let keyed: ApiServer;
    let talks: string;
    let dock: string;

    const entity = async (id: string, query = ''): Promise<EntityBody> => {
      const r = await call<EntityBody>(api, `${path(id)}${query}`);
      expect(r.status, r.text).toBe(200);
      return r.body;
    };
    const claimOf = async (words: string): Promise<ClaimItem> => {
      const r = await call<Page<ClaimItem>>(api, '/claims?limit=1000');
      const c = r.body.items.find((x) => x.content.text.includes(words));
      if (!c) throw new Error(`no claim: ${words}`);
      return c;
    };
    const feedEnd = async () => (await call<{ next: string | null }>(api, '/changes?limit=1000')).body.next;
    const changesAfter = async (after: string | null) => (await call<{ changes: Change[] }>(api, `/changes?limit=1000${after ? `&after=${after}` : ''}`)).body.changes.map((c) => [c.articleId, c.kind]);

    beforeAll(async () => {
      db = await backend.open();
      talks = await ingestFixture(db.store, TALKS);
      dock = await ingestFixture(db.store, DOCK);
      api = await startApi({ store: db.store });
      keyed = await startApi({ store: db.store, keys: [{ role: 'reader', sha256: hashKey(READER) }, { role: 'analyst', sha256: hashKey(ANALYST) }] });
    });
    afterAll(async () => {
      await keyed?.close();
      await api?.close();
      await db?.cleanup();
    });

    it('GET /entities/{id}: the entity with its aliases and counts, its articles and its claims, a page at a time', async () => {
      const wang = await entity('person:wang-wenbin');
      expect(wang.entity).toEqual({ id: 'person:wang-wenbin', name: 'Wang Wenbin', type: 'person', aliases: ['Wang'], mentions: 2, articles: 1 });
      expect(wang.articles.items).toEqual([{ id: talks, title: 'Beijing and Seoul agree to resume fisheries talks', url: 'https://asiamaritime.example/asia/fisheries-talks', publishedAt: expect.stringMatching(/^2021-11-10/) }]);
      expect(wang.articles.next).toBeNull();
      expect(wang.claims.items.map((c) => [c.speaker?.text, c.articleId, c.status])).toEqual(
        expect.arrayContaining([
          ['Wang Wenbin', talks, 'pending'],
          ['Wang', talks, 'pending'],
        ]),
      );
      expect(wang.claims.items).toHaveLength(2);
      // pages of one, each list its own cursor; the ids in colon form work unescaped too
      const first = await entity('person:wang-wenbin', '?limit=1');
      expect(first.claims.items).toHaveLength(1);
      expect(first.claims.next).toEqual(expect.any(String));
      const second = await entity('person:wang-wenbin', `?limit=1&claimsAfter=${first.claims.next}`);
      expect(second.claims.next).toBeNull();
      expect([...first.claims.items, ...second.claims.items].map((c) => c.id)).toEqual(wang.claims.items.map((c) => c.id));
      expect((await call(api, '/entities/person:wang-wenbin')).status).toBe(200);
      // a target counts
      expect((await entity('place:beijing')).claims.items.map((c) => c.target?.entityId)).toEqual(['place:beijing']);
    });

    it('unknown ids are 404 naming the id; a bad limit or cursor is 400', async () => {
      const r = await call(api, path('person:nobody'));
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ status: 404, error: 'not-found', message: 'entity "person:nobody": no such entity' });
      expect((await call(api, `${path('place:beijing')}?limit=1001`)).status).toBe(400);
      const cursor = await call(api, `${path('place:beijing')}?articlesAfter=bm90LW91cnM`);
      expect(cursor.status).toBe(400);
      expect(cursor.body).toMatchObject({ error: 'invalid-request' });
    });

    it('POST /entities/merge: mentions and claims follow, a reviewed claim keeps its status unflagged, the old id answers 308', async () => {
      const said = await claimOf('reduce the number of clashes'); // Wang, aimed at Beijing
      const accepted = await call(api, `/claims/${said.id}/review`, { method: 'POST', json: { action: 'accept', reviewer: 'ana' } });
      expect(accepted.status).toBe(200);
      const before = await feedEnd();

      const r = await call<Edited>(api, '/entities/merge', { method: 'POST', json: { from: 'place:beijing', into: 'place:china', reviewer: 'ana', note: 'metonym' } });
      expect(r.status, r.text).toBe(200);
      expect(r.body.edit).toMatchObject({ action: 'merge', entityId: 'place:beijing', into: { id: 'place:china', name: 'China', type: 'place' }, reviewer: 'ana', note: 'metonym', articles: [talks] });
      expect(r.body.entity).toEqual({ id: 'place:china', name: 'China', type: 'place', aliases: ['Beijing'], mentions: 2, articles: 1 });

      const claim = await call<ClaimItem>(api, `/claims/${said.id}`);
      expect(claim.body).toMatchObject({ status: 'accepted', flagged: false, flag: null, target: { entityId: 'place:china', name: 'China', text: 'Beijing' } });
      expect((await call<Page<ClaimItem>>(api, '/claims?target=place:china')).body.items.map((c) => c.id)).toContain(said.id);

      // the old id: 308 to the new, which fetch follows
      const moved = await call(api, path('place:beijing'), { redirect: 'manual' });
      expect(moved.status).toBe(308);
      expect(moved.headers.get('location')).toBe(path('place:china'));
      const followed = await call<EntityBody>(api, `${path('place:beijing')}?limit=5`);
      expect(followed.status).toBe(200);
      expect(followed.body.entity.id).toBe('place:china');
      expect(followed.body.claims.items.map((c) => c.id)).toContain(said.id);

      // the record served: one entity where there were two
      const record = (await call<ArticleRecord>(api, `/articles/${talks}`)).body;
      const places = record.entities.filter((e) => e.id === 'place:china' || e.id === 'place:beijing');
      expect(places).toEqual([expect.objectContaining({ id: 'place:china', name: 'China', aliases: ['Beijing'], mentions: [expect.objectContaining({ text: 'China' }), expect.objectContaining({ text: 'Beijing' })] })]);
      expect(record.claims.find((c) => c.id === said.id)?.target?.entityId).toBe('place:china');
      // one 'reviewed' change for the one article it changed
      expect(await changesAfter(before)).toEqual([[talks, 'reviewed']]);
      expect((await call<Page<EntityArticle>>(api, '/articles?entity=place:beijing')).body.items).toEqual([]);
    });

    it('POST /entities/{id}/split: the mentions of the alias and the claims spoken under it go to the new entity', async () => {
      const underAlias = await claimOf('reduce the number of clashes');
      const before = await feedEnd();
      const r = await call<Edited>(api, `${path('person:wang-wenbin')}/split`, { method: 'POST', json: { alias: 'Wang', reviewer: 'rui' } });
      expect(r.status, r.text).toBe(200);
      expect(r.body.edit).toMatchObject({ action: 'split', entityId: 'person:wang-wenbin', alias: 'Wang', into: { id: 'person:wang', name: 'Wang', type: 'person' }, articles: [talks] });
      expect(r.body.entity).toMatchObject({ id: 'person:wang', aliases: [], mentions: 1, articles: 1 });
      const wang = await entity('person:wang');
      expect(wang.claims.items.map((c) => [c.id, c.status, c.flagged])).toEqual([[underAlias.id, 'accepted', false]]);
      expect((await entity('person:wang-wenbin')).entity).toMatchObject({ aliases: [], mentions: 1 });
      const record = (await call<ArticleRecord>(api, `/articles/${talks}`)).body;
      expect(record.entities.find((e) => e.id === 'person:wang')?.mentions.map((m) => m.text)).toEqual(['Wang']);
      expect(await changesAfter(before)).toEqual([[talks, 'reviewed']]);
    });

    it('re-extraction of the same page keeps the merge and the split; a later article naming the old entities lands on the new ones', async () => {
      const before = (await call<ArticleRecord>(api, `/articles/${talks}`)).body;
      await db.store.saveRecord(extractFixture(TALKS));
      const after = (await call<ArticleRecord>(api, `/articles/${talks}`)).body;
      expect(after.entities).toEqual(before.entities);
      const flagged = (await call<Page<ClaimItem>>(api, `/claims?limit=1000`)).body.items.filter((c) => c.flagged);
      expect(flagged).toEqual([]);
      expect((await claimOf('reduce the number of clashes')).status).toBe('accepted');

      const later = extractFixture(TALKS, 'https://elsewhere.example/fisheries');
      expect(later.entities.map((e) => e.id)).toContain('place:beijing');
      await db.store.saveRecord(later);
      const stored = (await call<ArticleRecord>(api, `/articles/${later.id}`)).body;
      expect(stored.entities.map((e) => e.id)).not.toContain('place:beijing');
      expect(stored.entities.map((e) => e.id)).toEqual(expect.arrayContaining(['place:china', 'person:wang', 'person:wang-wenbin']));
      expect((await entity('place:china')).articles.items.map((a) => a.id).sort()).toEqual([talks, later.id].sort());
      expect((await entity('person:wang')).entity.articles).toBe(2);
    });

    it('bad bodies are 400 naming the field or the reason; unknown ids are 404', async () => {
      const post = (url: string, json: unknown) => call(api, url, { method: 'POST', json });
      const noReviewer = await post('/entities/merge', { from: 'place:seoul', into: 'place:south-korea' });
      expect(noReviewer.status).toBe(400);
      expect(noReviewer.body).toMatchObject({ error: 'invalid-request', issues: [expect.objectContaining({ field: 'reviewer' })] });
      expect((await post('/entities/merge', { from: 'place:seoul', into: 'place:south-korea', reviewer: 'ana', extra: true })).status).toBe(400);
      const notJson = await call(api, '/entities/merge', { method: 'POST', body: 'from=a', headers: { 'content-type': 'application/json' } });
      expect(notJson.status).toBe(400);
      const self = await post('/entities/merge', { from: 'place:seoul', into: 'place:seoul', reviewer: 'ana' });
      expect(self.status).toBe(400);
      expect(self.body).toMatchObject({ message: 'cannot merge "place:seoul" into itself' });
      const types = await post('/entities/merge', { from: 'organization:unite', into: 'person:sharon-graham', reviewer: 'ana' });
      expect(types.status).toBe(400);
      expect(types.body).toMatchObject({ message: expect.stringContaining('allowTypeChange') });
      const again = await post('/entities/merge', { from: 'place:beijing', into: 'place:seoul', reviewer: 'ana' });
      expect(again.status).toBe(400);
      expect(again.body).toMatchObject({ message: '"place:beijing" was already merged into "place:china"' });
      const unknown = await post('/entities/merge', { from: 'place:atlantis', into: 'place:seoul', reviewer: 'ana' });
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ message: 'entity "place:atlantis": no such entity' });
      expect((await post('/entities/merge', { from: 'place:seoul', into: 'place:atlantis', reviewer: 'ana' })).status).toBe(404);

      const notAlias = await post(`${path('organization:unite')}/split`, { alias: 'Hutchison', reviewer: 'ana' });
      expect(notAlias.status).toBe(400);
      expect(notAlias.body).toMatchObject({ message: '"Hutchison" is not an alias of "organization:unite"; its aliases are none' });
      expect((await post(`${path('person:choi-young-sam')}/split`, { alias: 'Choi', reviewer: 'ana', type: 'planet' })).status).toBe(400);
      expect((await post(`${path('person:choi-young-sam')}/split`, { reviewer: 'ana' })).status).toBe(400);
      expect((await post(`${path('person:nobody')}/split`, { alias: 'Choi', reviewer: 'ana' })).status).toBe(404);
      // nothing above changed anything
      expect((await entity('organization:unite')).entity.mentions).toBeGreaterThan(0);
      expect((await entity('person:choi-young-sam')).entity.aliases).toEqual(['Choi']);
      expect(dock).toBeTruthy();
    });

    it('a reader reads entities but may not merge or split (403); an analyst may', async () => {
      expect((await call(keyed, path('person:choi-young-sam'), { headers: bearer(READER) })).status).toBe(200);
      const merge = await call(keyed, '/entities/merge', { method: 'POST', headers: bearer(READER), json: { from: 'organization:unite', into: 'organization:hutchison-ports', reviewer: 'ed' } });
      expect(merge.status).toBe(403);
      expect(merge.body).toMatchObject({ message: "POST /entities/merge needs the analyst role or above; this key's role is reader" });
      const split = await call(keyed, `${path('person:choi-young-sam')}/split`, { method: 'POST', headers: bearer(READER), json: { alias: 'Choi', reviewer: 'ed' } });
      expect(split.status).toBe(403);
      expect((await entity('organization:unite')).entity.articles).toBe(1);

      const byAnalyst = await call<Edited>(keyed, '/entities/merge', { method: 'POST', headers: bearer(ANALYST), json: { from: 'organization:unite', into: 'organization:hutchison-ports', reviewer: 'ed' } });
      expect(byAnalyst.status, byAnalyst.text).toBe(200);
      expect(byAnalyst.body.entity).toMatchObject({ id: 'organization:hutchison-ports', aliases: ['Unite'] });
      const splitByAnalyst = await call<Edited>(keyed, `${path('person:choi-young-sam')}/split`, { method: 'POST', headers: bearer(ANALYST), json: { alias: 'Choi', reviewer: 'ed' } });
      expect(splitByAnalyst.status, splitByAnalyst.text).toBe(200);
      // both articles naming Choi: the fixture and the later copy of it
      expect(splitByAnalyst.body.edit.articles).toEqual([talks, extractFixture(TALKS, 'https://elsewhere.example/fisheries').id].sort());
    });

    it('the OpenAPI document has the three routes, the redirect described', async () => {
      const doc = (await call<{ paths: Record<string, Record<string, { description?: string; responses: Record<string, unknown> }>> }>(api, '/openapi.json')).body;
      expect(Object.keys(doc.paths['/entities/{id}'] ?? {})).toEqual(['get']);
      expect(doc.paths['/entities/{id}']?.get?.responses).toHaveProperty('308');
      expect(doc.paths['/entities/{id}']?.get?.description).toMatch(/308/);
      expect(Object.keys(doc.paths['/entities/merge'] ?? {})).toEqual(['post']);
      expect(Object.keys(doc.paths['/entities/{id}/split'] ?? {})).toEqual(['post']);
    });
  });
}
