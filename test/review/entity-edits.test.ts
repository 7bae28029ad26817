// The entity edits, pure: what a merge and a split do to a record (entities joined or parted, aliases and
// mentions following, claims' speakers and targets rewritten), to a claim and to a reviewer's correction,
// and that replaying them in order is what makes them stick.
import { describe, expect, it } from 'vitest';
import { ArticleRecord, type Claim, type Entity } from '../../src/record.js';
import { applyEntityEdit, applyEntityEdits, type EntityEdit, editClaim, editCorrection, MergeInput, SplitInput, splitTarget } from '../../src/review/entity-edits.js';

const TEXT = 'Wang Wenbin said Beijing wants talks. Wang added that Qingdao would host them. Zhang said Wang was right. PRC officials agreed.';
const at = (s: string, from = 0) => {
  const start = TEXT.indexOf(s, from);
  if (start < 0) throw new Error(`not in the text: ${s}`);
  return { start, end: start + s.length, text: s };
};
const WANG_1 = at('Wang Wenbin');
const WANG_2 = at('Wang', WANG_1.end);
const WANG_3 = at('Wang', WANG_2.end);

const WANG: Entity = { id: 'person:wang-wenbin', name: 'Wang Wenbin', type: 'person', aliases: ['Wang'], role: 'spokesperson', mentions: [WANG_1, WANG_2, WANG_3] };
const BEIJING: Entity = { id: 'place:beijing', name: 'Beijing', type: 'place', aliases: [], mentions: [at('Beijing')] };
const QINGDAO: Entity = { id: 'place:qingdao', name: 'Qingdao', type: 'place', aliases: [], mentions: [at('Qingdao')] };
const ZHANG: Entity = { id: 'person:zhang', name: 'Zhang', type: 'person', aliases: [], mentions: [at('Zhang')] };
const PRC: Entity = { id: 'organization:prc', name: 'PRC', type: 'organization', aliases: [], mentions: [at('PRC')] };

const claim = (id: string, speaker: { text: string; start: number; end: number } & { entity: Entity }, content: string, target: Entity | null = null): Claim => ({
  id,
  kind: 'indirect',
  speaker: { entityId: speaker.entity.id, name: speaker.entity.name, text: speaker.text, start: speaker.start, end: speaker.end },
  cue: { text: 'said', start: speaker.end + 1, end: speaker.end + 5 },
  content: { ...at(content) },
  target: target ? { entityId: target.id, name: target.name, text: target.mentions[0]?.text ?? null } : null,
  stance: target ? 'support' : 'neutral',
  confidence: 0.8,
});

const SAID = claim('c-said', { ...WANG_1, entity: WANG }, 'Beijing wants talks', BEIJING);
const ADDED = claim('c-added', { ...WANG_2, entity: WANG }, 'Qingdao would host them');
const RIGHT = claim('c-right', { ...ZHANG.mentions[0], text: 'Zhang', start: ZHANG.mentions[0]?.start ?? 0, end: ZHANG.mentions[0]?.end ?? 0, entity: ZHANG }, 'Wang was right', WANG);

const RECORD: ArticleRecord = ArticleRecord.parse({
  schemaVersion: 1,
  id: 'ee-article',
  url: 'https://news.example/ee',
  canonicalUrl: null,
  extractor: { name: 'newsdesk', version: '0.0.0-test' },
  pageKind: 'article',
  title: 'Talks',
  authors: [],
  siteName: 'News',
  language: 'en',
  description: null,
  publishedAt: '2021-11-10',
  publishedAtSource: 'input',
  modifiedAt: null,
  text: TEXT,
  wordCount: 20,
  contentHash: 'hash-ee',
  entities: [WANG, BEIJING, QINGDAO, ZHANG, PRC],
  dates: [],
  claims: [SAID, ADDED, RIGHT],
});

const entity = (r: ArticleRecord, id: string) => r.entities.find((e) => e.id === id);
const CHINA = { id: 'place:china', name: 'China', type: 'place' as const };

describe('a merge', () => {
  it('into an entity the record has: one entity, aliases and mentions combined, claims rewritten', () => {
    const r = applyEntityEdit(RECORD, { action: 'merge', from: 'place:qingdao', into: { id: 'place:beijing', name: 'Beijing (stored name)', type: 'place' } });
    expect(ArticleRecord.parse(r)).toEqual(r);
    expect(entity(r, 'place:qingdao')).toBeUndefined();
    // the record's own name for it wins over the stored one; the merged entity's name becomes an alias
    expect(entity(r, 'place:beijing')).toEqual({ ...BEIJING, aliases: ['Qingdao'], mentions: [...BEIJING.mentions, ...QINGDAO.mentions] });
    expect(r.entities.map((e) => e.id)).toEqual(['person:wang-wenbin', 'place:beijing', 'person:zhang', 'organization:prc']);
    expect(r.claims).toEqual(RECORD.claims);
    // the speaker and target follow
    const t = applyEntityEdit(RECORD, { action: 'merge', from: 'person:wang-wenbin', into: { id: 'person:zhang', name: 'Zhang', type: 'person' } });
    expect(entity(t, 'person:zhang')).toMatchObject({ name: 'Zhang', aliases: ['Wang Wenbin', 'Wang'], role: 'spokesperson' });
    expect(entity(t, 'person:zhang')?.mentions.map((m) => m.start)).toEqual([WANG_1.start, WANG_2.start, ZHANG.mentions[0]?.start, WANG_3.start]);
    expect(t.claims.map((c) => [c.speaker?.entityId, c.speaker?.name, c.speaker?.text, c.target?.entityId ?? null])).toEqual([
      ['person:zhang', 'Zhang', 'Wang Wenbin', 'place:beijing'],
      ['person:zhang', 'Zhang', 'Wang', null],
      ['person:zhang', 'Zhang', 'Zhang', 'person:zhang'],
    ]);
    expect(t.claims.map((c) => c.id)).toEqual(['c-said', 'c-added', 'c-right']);
  });

  it('into an entity the record lacks: the entity takes its id, name and type; its old name becomes an alias', () => {
    const r = applyEntityEdit(RECORD, { action: 'merge', from: 'organization:prc', into: CHINA });
    expect(entity(r, 'organization:prc')).toBeUndefined();
    expect(entity(r, 'place:china')).toEqual({ id: 'place:china', name: 'China', type: 'place', aliases: ['PRC'], mentions: PRC.mentions });
    expect(r.entities.at(-1)?.id).toBe('place:china');
  });

  it('of an entity the record does not name changes nothing (the same object)', () => {
    expect(applyEntityEdit(RECORD, { action: 'merge', from: 'person:nobody', into: CHINA })).toBe(RECORD);
    expect(applyEntityEdits(RECORD, [])).toBe(RECORD);
  });
});

describe('a split', () => {
  const SPLIT: EntityEdit = { action: 'split', entity: 'person:wang-wenbin', alias: 'Wang', into: { id: 'person:wang', name: 'Wang', type: 'person' } };

  it('moves the mentions with exactly that text, and the claims spoken or aimed under it', () => {
    const r = applyEntityEdit(RECORD, SPLIT);
    expect(ArticleRecord.parse(r)).toEqual(r);
    expect(entity(r, 'person:wang-wenbin')).toEqual({ ...WANG, aliases: [], mentions: [WANG_1] });
    expect(entity(r, 'person:wang')).toEqual({ id: 'person:wang', name: 'Wang', type: 'person', aliases: [], mentions: [WANG_2, WANG_3] });
    // the extractor's order: by first mention
    expect(r.entities.map((e) => e.id)).toEqual(['person:wang-wenbin', 'place:beijing', 'person:wang', 'place:qingdao', 'person:zhang', 'organization:prc']);
    expect(r.claims.map((c) => c.speaker?.entityId)).toEqual(['person:wang-wenbin', 'person:wang', 'person:zhang']);
    expect(r.claims.map((c) => c.target?.entityId ?? null)).toEqual(['place:beijing', null, 'person:wang-wenbin']); // the target's text is the full name
  });

  it('into an entity the record has: mentions and the alias join it', () => {
    const r = applyEntityEdit(RECORD, { ...SPLIT, into: { id: 'person:zhang', name: 'Zhang', type: 'person' } });
    expect(entity(r, 'person:zhang')).toEqual({ ...ZHANG, aliases: ['Wang'], mentions: [WANG_2, ...ZHANG.mentions, WANG_3] });
    expect(r.claims[1]?.speaker).toMatchObject({ entityId: 'person:zhang', name: 'Zhang', text: 'Wang' });
  });

  it('of every mention of an entity no claim names takes the entity out of the record', () => {
    const r = applyEntityEdit(RECORD, { action: 'split', entity: 'organization:prc', alias: 'PRC', into: CHINA });
    expect(entity(r, 'organization:prc')).toBeUndefined();
    expect(entity(r, 'place:china')).toEqual({ ...CHINA, aliases: ['PRC'], mentions: PRC.mentions });
  });

  it('of an alias the entity does not have changes nothing', () => {
    expect(applyEntityEdit(RECORD, { ...SPLIT, alias: 'wang' })).toBe(RECORD);
  });

  it('makes the new id as the extractor does, from type and name (the alias and the type by default)', () => {
    const wang = { id: WANG.id, name: WANG.name, type: WANG.type };
    expect(splitTarget(wang, { alias: 'Wang' })).toEqual({ id: 'person:wang', name: 'Wang', type: 'person' });
    expect(splitTarget(wang, { alias: 'Wang', name: 'Wang Yi' })).toEqual({ id: 'person:wang-yi', name: 'Wang Yi', type: 'person' });
    expect(splitTarget(wang, { alias: 'the U.S.', type: 'place' })).toEqual({ id: 'place:us', name: 'the U.S.', type: 'place' });
  });
});

describe('edits replayed in order', () => {
  it('give what the analysts made, whichever came first', () => {
    const split: EntityEdit = { action: 'split', entity: 'person:wang-wenbin', alias: 'Wang', into: { id: 'person:wang', name: 'Wang', type: 'person' } };
    const mergeBack: EntityEdit = { action: 'merge', from: 'person:wang', into: { id: 'person:wang-wenbin', name: 'Wang Wenbin', type: 'person' } };
    // split, then merged back: as extracted (but for the order of aliases and mentions, which are the same here)
    expect(applyEntityEdits(RECORD, [split, mergeBack])).toEqual(RECORD);
    // a merge of Zhang into Wang Wenbin, then Wang split off: Zhang's mentions stay with Wang Wenbin
    const zhang: EntityEdit = { action: 'merge', from: 'person:zhang', into: { id: 'person:wang-wenbin', name: 'Wang Wenbin', type: 'person' } };
    const r = applyEntityEdits(RECORD, [zhang, split]);
    expect(entity(r, 'person:wang-wenbin')?.mentions.map((m) => m.text)).toEqual(['Wang Wenbin', 'Zhang']);
    expect(r.claims.map((c) => c.speaker?.entityId)).toEqual(['person:wang-wenbin', 'person:wang', 'person:wang-wenbin']);
  });
});

describe('a claim and a correction apart from their record', () => {
  it('follow a merge; a split only under its alias', () => {
    const into = { id: 'person:wang-yi', name: 'Wang Yi', type: 'person' as const };
    expect(editClaim(ADDED, { action: 'merge', from: WANG.id, into }).speaker).toEqual({ ...ADDED.speaker, entityId: 'person:wang-yi', name: 'Wang Yi' });
    expect(editClaim(SAID, { action: 'split', entity: WANG.id, alias: 'Wang', into })).toBe(SAID);
    expect(editClaim(ADDED, { action: 'split', entity: WANG.id, alias: 'Wang', into }).speaker?.entityId).toBe('person:wang-yi');
    const correction = { speaker: SAID.speaker, stance: 'oppose' as const };
    expect(editCorrection(correction, { action: 'merge', from: WANG.id, into })).toEqual({ speaker: { ...SAID.speaker, entityId: 'person:wang-yi', name: 'Wang Yi' }, stance: 'oppose' });
    expect(editCorrection(correction, { action: 'merge', from: 'person:zhang', into })).toBe(correction);
    expect(editCorrection({ target: null }, { action: 'merge', from: WANG.id, into })).toEqual({ target: null });
  });
});

describe('what the API takes', () => {
  it('a merge and a split, strictly', () => {
    expect(MergeInput.safeParse({ from: 'a:b', into: 'a:c', reviewer: 'ana' }).success).toBe(true);
    expect(MergeInput.safeParse({ from: 'a:b', into: 'a:c', reviewer: '  ' }).success).toBe(false);
    expect(MergeInput.safeParse({ from: 'a:b', into: 'a:c', reviewer: 'ana', extra: 1 }).success).toBe(false);
    expect(SplitInput.safeParse({ alias: 'Wang', reviewer: 'ana', type: 'place' }).success).toBe(true);
    expect(SplitInput.safeParse({ alias: '', reviewer: 'ana' }).success).toBe(false);
    expect(SplitInput.safeParse({ alias: 'Wang', reviewer: 'ana', type: 'planet' }).success).toBe(false);
  });
});
