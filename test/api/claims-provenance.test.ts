// GET /claims by what produced a claim (producer, rule, stanceBy) and how sure it is (minConfidence), on both
// backends: hand-made claims whose provenance and confidence we choose, one of them stored as records made
// before 0.2 have it (no provenance), read over HTTP and through the store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../src/api/server.js';
import type { ArticleRecord, Claim, Entity, Producer } from '../../src/record.js';
import { type ClaimFilter, type ClaimItem, countClaims, type Queryable } from '../../src/store/index.js';
import { backends } from '../helpers/services.js';
import { call, startApi } from './harness.js';

const TEXT = 'Mara Quist said the harbour wall will hold. Tomas Berg called the harbour plan a gamble. Dune Council praised Mara Quist and criticised Tomas Berg.';

const entity = (id: string, name: string): Entity => {
  const start = TEXT.indexOf(name);
  return { id, name, type: id.startsWith('person:') ? 'person' : 'organization', aliases: [], mentions: [{ start, end: start + name.length, text: name }] };
};
const MARA = entity('person:mara-quist', 'Mara Quist');
const TOMAS = entity('person:tomas-berg', 'Tomas Berg');
const COUNCIL = entity('organization:dune-council', 'Dune Council');

const rule = (name: string): Producer => ({ by: 'rule', name });
const model = (name: string, id = 'test-model:0123456789ab'): Producer => ({ by: 'model', name, model: id });
const LEXICON = rule('stance-lexicon');
const PAIRS = model('stance-pairs', 'stance-dse-mpqa:0123456789ab');

interface Made {
  speaker: Entity;
  content: string;
  confidence: number;
  provenance?: { attribution: Producer; stance: Producer };
  targets?: Entity[];
}

const claim = (id: string, m: Made): Claim => {
  const start = TEXT.indexOf(m.content);
  if (start < 0) throw new Error(`not in the text: ${m.content}`);
  const s = m.speaker.mentions[0] ?? { start: 0, end: 0 };
  const targets = (m.targets ?? []).map((t) => ({ entityId: t.id, name: t.name, text: t.name, stance: 'oppose' as const }));
  const [first] = targets;
  return {
    id,
    kind: 'indirect',
    speaker: { entityId: m.speaker.id, name: m.speaker.name, text: m.speaker.name, start: s.start, end: s.end },
    cue: { text: 'said', start: 11, end: 15 },
    content: { text: m.content, start, end: start + m.content.length },
    target: first ? { entityId: first.entityId, name: first.name, text: first.text } : null,
    stance: first ? first.stance : 'neutral',
    confidence: m.confidence,
    // a record made before 0.2 has neither
    ...(m.provenance ? { provenance: m.provenance, targets } : {}),
  };
};

// 0.7 is the boundary: the `confidence` column is a real, where 0.7 is just below the double 0.7
const CLAIMS: Record<string, Claim> = {
  'p-quote': claim('p-quote', { speaker: MARA, content: 'the harbour wall will hold', confidence: 0.91, provenance: { attribution: rule('quote-np-said'), stance: LEXICON } }),
  'p-learned': claim('p-learned', { speaker: TOMAS, content: 'the harbour plan a gamble', confidence: 0.7, provenance: { attribution: model('learned-attribution'), stance: PAIRS } }),
  'p-said-that': claim('p-said-that', { speaker: COUNCIL, content: 'Mara Quist and criticised Tomas Berg', confidence: 0.55, provenance: { attribution: rule('np-said-that'), stance: PAIRS }, targets: [TOMAS, MARA] }),
  'p-cue': claim('p-cue', { speaker: TOMAS, content: 'the harbour plan', confidence: 0.69999, provenance: { attribution: model('learned-cue'), stance: LEXICON } }),
  'p-quote-2': claim('p-quote-2', { speaker: MARA, content: 'the harbour wall', confidence: 1, provenance: { attribution: rule('quote-np-said'), stance: PAIRS }, targets: [TOMAS] }),
  'p-old': claim('p-old', { speaker: COUNCIL, content: 'criticised Tomas Berg', confidence: 0.95 }),
  'p-zero': claim('p-zero', { speaker: MARA, content: 'will hold', confidence: 0, provenance: { attribution: rule('according-to'), stance: LEXICON } }),
};
const pick = (...ids: (keyof typeof CLAIMS)[]) => ids.map((id) => CLAIMS[id] as Claim);

const record = (id: string, site: string, claims: Claim[]): ArticleRecord => ({
  schemaVersion: 1,
  id,
  url: `https://harbour.example/${id}`,
  canonicalUrl: null,
  extractor: { name: 'newsdesk', version: '0.0.0-test' },
  pageKind: 'article',
  title: `Harbour ${id}`,
  authors: [],
  siteName: site,
  language: 'en',
  description: null,
  publishedAt: '2026-06-01',
  publishedAtSource: 'input',
  modifiedAt: null,
  text: TEXT,
  wordCount: 24,
  contentHash: `hash-${id}`,
  entities: [MARA, TOMAS, COUNCIL],
  dates: [],
  claims,
});

const ALL = Object.keys(CLAIMS).sort();
const sorted = (...ids: string[]) => [...ids].sort();

for (const backend of backends) {
  describe(`claims by provenance and confidence on ${backend.name}`, () => {
    let db: Awaited<ReturnType<typeof backend.open>>;
    let api: ApiServer;

    /** The ids of every claim the query finds over HTTP, read in pages of two so the cursor is used too. */
    async function ids(query: string): Promise<string[]> {
      const out: string[] = [];
      let after: string | null = null;
      for (let pages = 0; pages < 20; pages++) {
        const r: { status: number; body: { items: ClaimItem[]; next: string | null } } = await call(api, `/claims?limit=2&${query}${after ? `&after=${encodeURIComponent(after)}` : ''}`);
        expect(r.status, query).toBe(200);
        out.push(...r.body.items.map((c) => c.id));
        if (!r.body.next) return out;
        after = r.body.next;
      }
      throw new Error('pages never end');
    }
    /** The same filter through the store: listed and counted. */
    async function stored(filter: ClaimFilter): Promise<string[]> {
      const listed = (await db.store.listClaims(filter, { limit: 1000 })).items.map((c) => c.id);
      expect(await db.store.countClaims(filter)).toBe(listed.length);
      return listed;
    }

    beforeAll(async () => {
      db = await backend.open();
      await db.store.saveRecord(record('h-1', 'Harbour Post', pick('p-quote', 'p-learned', 'p-said-that')));
      await db.store.saveRecord(record('h-2', 'Dune Weekly', pick('p-cue', 'p-quote-2', 'p-old', 'p-zero')));
      api = await startApi({ store: db.store });
    });
    afterAll(async () => {
      await api?.close();
      await db?.cleanup();
    });

    it('the claims listed carry their provenance, targets and confidence as extracted; a claim of before 0.2 has none', async () => {
      const r = await call<{ items: ClaimItem[] }>(api, '/claims?limit=1000');
      expect(r.body.items.map((c) => c.id)).toEqual(ALL);
      for (const item of r.body.items) {
        const made = CLAIMS[item.id] as Claim;
        expect(item.provenance).toEqual(made.provenance);
        expect(item.targets).toEqual(made.targets);
        expect(item.confidence).toBe(made.confidence);
      }
      const learned = r.body.items.find((c) => c.id === 'p-learned');
      expect(learned?.provenance).toEqual({ attribution: { by: 'model', name: 'learned-attribution', model: 'test-model:0123456789ab' }, stance: { by: 'model', name: 'stance-pairs', model: 'stance-dse-mpqa:0123456789ab' } });
      expect(r.body.items.find((c) => c.id === 'p-said-that')?.targets?.map((t) => t.entityId)).toEqual(['person:tomas-berg', 'person:mara-quist']);
      const old = r.body.items.find((c) => c.id === 'p-old');
      expect(old && 'provenance' in old).toBe(false);
      expect(old && 'targets' in old).toBe(false);
    });

    it('producer: what found the attribution; the claim without provenance matches neither', async () => {
      expect(await ids('producer=rule')).toEqual(sorted('p-quote', 'p-said-that', 'p-quote-2', 'p-zero'));
      expect(await ids('producer=model')).toEqual(sorted('p-learned', 'p-cue'));
      expect(await stored({ producer: 'model' })).toEqual(sorted('p-learned', 'p-cue'));
      expect(await stored({ producer: 'rule' })).toEqual(sorted('p-quote', 'p-said-that', 'p-quote-2', 'p-zero'));
    });

    it('rule: the producer’s name, matched exactly', async () => {
      expect(await ids('rule=quote-np-said')).toEqual(sorted('p-quote', 'p-quote-2'));
      expect(await ids('rule=learned-attribution')).toEqual(['p-learned']);
      expect(await ids('rule=learned-cue')).toEqual(['p-cue']);
      // no prefix, no case folding, and the stance's producer is not the attribution's
      expect(await ids('rule=quote-np')).toEqual([]);
      expect(await ids('rule=Quote-NP-Said')).toEqual([]);
      expect(await ids('rule=stance-lexicon')).toEqual([]);
      expect(await stored({ rule: 'np-said-that' })).toEqual(['p-said-that']);
    });

    it('stanceBy: what decided the stance', async () => {
      expect(await ids('stanceBy=model')).toEqual(sorted('p-learned', 'p-said-that', 'p-quote-2'));
      expect(await ids('stanceBy=rule')).toEqual(sorted('p-quote', 'p-cue', 'p-zero'));
      expect(await stored({ stanceBy: 'rule' })).toEqual(sorted('p-quote', 'p-cue', 'p-zero'));
    });

    it('minConfidence: confidence at or above it, exactly as the claim shows it', async () => {
      expect(await ids('minConfidence=0.7')).toEqual(sorted('p-quote', 'p-learned', 'p-quote-2', 'p-old'));
      expect(await ids('minConfidence=0.70001')).toEqual(sorted('p-quote', 'p-quote-2', 'p-old'));
      expect(await ids('minConfidence=0.69999')).toEqual(sorted('p-quote', 'p-learned', 'p-cue', 'p-quote-2', 'p-old'));
      expect(await ids('minConfidence=1')).toEqual(['p-quote-2']);
      expect(await ids('minConfidence=1.0')).toEqual(['p-quote-2']);
      expect(await ids('minConfidence=0')).toEqual(ALL);
      expect(await ids('minConfidence=.95')).toEqual(sorted('p-old', 'p-quote-2'));
      expect(await stored({ minConfidence: 0.7 })).toEqual(sorted('p-quote', 'p-learned', 'p-quote-2', 'p-old'));
      expect(await stored({ minConfidence: 0.92 })).toEqual(sorted('p-quote-2', 'p-old'));
    });

    it('the filters combine with each other and with the others (speaker, stance, site, q)', async () => {
      expect(await ids('producer=rule&stanceBy=model')).toEqual(sorted('p-said-that', 'p-quote-2'));
      expect(await ids('producer=rule&minConfidence=0.9')).toEqual(sorted('p-quote', 'p-quote-2'));
      expect(await ids('rule=quote-np-said&stanceBy=rule&minConfidence=0.5')).toEqual(['p-quote']);
      expect(await ids('producer=model&stanceBy=model&minConfidence=0.7')).toEqual(['p-learned']);
      expect(await ids('producer=model&rule=quote-np-said')).toEqual([]);
      expect(await ids('producer=rule&site=Dune%20Weekly')).toEqual(sorted('p-quote-2', 'p-zero'));
      expect(await ids('producer=rule&speaker=person%3Amara-quist&minConfidence=0.95')).toEqual(['p-quote-2']);
      expect(await ids('stanceBy=model&stance=oppose')).toEqual(sorted('p-said-that', 'p-quote-2'));
      expect(await ids('producer=model&q=gamble')).toEqual(['p-learned']);
      expect(await stored({ producer: 'rule', stanceBy: 'model', site: 'Harbour Post' })).toEqual(['p-said-that']);
      expect(await stored({ rule: 'quote-np-said', minConfidence: 0.95, target: 'person:tomas-berg' })).toEqual(['p-quote-2']);
    });

    it('target stays the target as shown: a claim aimed at someone only as a later one of its targets is not found by it', async () => {
      // p-said-that is aimed at Tomas Berg first, then Mara Quist
      expect(await ids('target=person%3Atomas-berg')).toEqual(sorted('p-said-that', 'p-quote-2'));
      expect(await ids('target=person%3Amara-quist')).toEqual([]);
    });

    it("provenance is the extractor's: a reviewer's stance correction does not move the claim between stanceBy values", async () => {
      const r = await call<{ claim: ClaimItem }>(api, '/claims/p-learned/review', { method: 'POST', json: { action: 'correct', reviewer: 'ines', correction: { stance: 'support' } } });
      expect(r.status).toBe(200);
      expect(r.body.claim).toMatchObject({ stance: 'support', provenance: CLAIMS['p-learned']?.provenance });
      expect(await ids('stanceBy=model&stance=support')).toEqual(['p-learned']);
      expect(await ids('stanceBy=model&status=corrected')).toEqual(['p-learned']);
      expect(await ids('stanceBy=rule&status=corrected')).toEqual([]);
    });

    it('a bad value is refused with a 400 naming the parameter', async () => {
      const bad = ['producer=human', 'producer=', 'stanceBy=lexicon', 'stanceBy=MODEL', 'rule=', 'minConfidence=1.5', 'minConfidence=-0.1', 'minConfidence=high', 'minConfidence=', 'minConfidence=0x1', 'minConfidence=NaN', 'minConfidence=Infinity'];
      for (const query of bad) {
        const r = await call<{ error: string; message: string; issues: { field: string; message: string }[] }>(api, `/claims?${query}`);
        expect(r.status, query).toBe(400);
        expect(r.body.error, query).toBe('invalid-request');
        const field = query.slice(0, query.indexOf('='));
        expect(r.body.issues.map((i) => i.field), query).toEqual([field]);
        expect(r.body.message, query).toContain(field);
      }
      const range = await call<{ message: string }>(api, '/claims?minConfidence=2');
      expect(range.body.message).toBe('invalid query: minConfidence: expected a number from 0 to 1');
      const choice = await call<{ message: string }>(api, '/claims?producer=human');
      expect(choice.body.message).toMatch(/producer: .*"rule".*"model"/);
      // the store refuses it too, for callers other than the API
      await expect(db.store.listClaims({ minConfidence: 1.5 })).rejects.toThrow(RangeError);
      await expect(db.store.countClaims({ minConfidence: Number.NaN })).rejects.toThrow(/minConfidence must be a number from 0 to 1/);
    });

    it('the OpenAPI document describes each new parameter and says claims without provenance match no producer filter', async () => {
      type Param = { name: string; in: string; description?: string; schema?: { enum?: string[]; minimum?: number; maximum?: number } };
      const doc = await call<{ paths: Record<string, { get?: { description?: string; parameters?: Param[] } }> }>(api, '/openapi.json');
      const get = doc.body.paths['/claims']?.get;
      const params = new Map((get?.parameters ?? []).map((p) => [p.name, p]));
      for (const name of ['producer', 'rule', 'stanceBy', 'minConfidence']) {
        expect(params.get(name)?.in, name).toBe('query');
        expect(params.get(name)?.description?.length ?? 0, name).toBeGreaterThan(20);
      }
      expect(params.get('producer')?.schema?.enum).toEqual(['rule', 'model']);
      expect(params.get('stanceBy')?.schema?.enum).toEqual(['rule', 'model']);
      expect(params.get('minConfidence')?.schema).toMatchObject({ minimum: 0, maximum: 1 });
      expect(get?.description).toContain('stored before provenance existed');
    });

    it('each provenance and confidence filter is read from the expression index migration 7 made for it', async () => {
      // the store's own SQL, caught on its way to the database
      const sent: { sql: string; params: unknown[] }[] = [];
      const spy: Queryable = {
        query: (sql, params = []) => {
          sent.push({ sql, params });
          return db.store.db.query(sql, params);
        },
      };
      const expected: [ClaimFilter, string][] = [
        [{ producer: 'model' }, 'claims_attribution_by'],
        [{ rule: 'quote-np-said' }, 'claims_attribution_name'],
        [{ stanceBy: 'model' }, 'claims_stance_by'],
        [{ minConfidence: 0.9 }, 'claims_confidence'],
      ];
      for (const [filter, index] of expected) {
        sent.length = 0;
        await countClaims(spy, filter);
        const [q] = sent;
        if (!q) throw new Error('no query sent');
        const plan = await db.store.db.transaction(async (tx) => {
          // seven rows: the planner would read the table; kept from it, it takes an index that fits the expression
          await tx.query('SET LOCAL enable_seqscan = off');
          const { rows } = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${q.sql}`, q.params);
          return rows.map((r) => r['QUERY PLAN']).join('\n');
        });
        expect(plan, JSON.stringify(filter)).toContain(index);
      }
    });
  });
}
