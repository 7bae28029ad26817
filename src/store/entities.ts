// Entities for analysts: one entity with its aliases, its articles and its claims a page at a time; merging
// one into another and splitting an alias off, each in one transaction that rewrites the mentions, claims
// (extractor's and reviewer's), records and redirects it touches, appends an event to entity_edits and a
// 'reviewed' change per article. saveRecord replays those events on every record it stores
// (applyStoredEdits), so re-extraction and later articles keep them. The rewriting rules are
// src/review/entity-edits.ts; mistakes of the caller are results, not exceptions.
import { z } from 'zod';
import { ArticleRecord, type Claim, EntityType } from '../record.js';
import { applyEntityEdit, applyEntityEdits, type EntityEdit, type EntityRef, editClaim, editCorrection, editSubject, MergeInput, SplitInput, splitTarget } from '../review/entity-edits.js';
import type { ShownCorrection } from '../review/rules.js';
import { decodeCursor, recordChange } from './changes.js';
import { CLAIM_COLUMNS, SHOWN_SPEAKER, SHOWN_TARGET, type ClaimItem, type ClaimRow, checkLimit, claimItem, type Page, type PageOptions, toPage } from './claims.js';
import type { Driver, Queryable } from './driver.js';

export const EntitySummary = z.object({
  id: z.string(),
  name: z.string().describe('The canonical name (as first stored)'),
  type: EntityType,
  aliases: z.array(z.string()).describe('Every other form its mentions take across articles, the most used first'),
  mentions: z.number().int().nonnegative().describe('Mentions across all articles'),
  articles: z.number().int().nonnegative().describe('Articles naming it'),
});
export type EntitySummary = z.output<typeof EntitySummary>;

export const EntityArticle = z.object({ id: z.string(), title: z.string().nullable(), url: z.string().nullable(), publishedAt: z.string().nullable() });
export type EntityArticle = z.output<typeof EntityArticle>;

export interface EntityView {
  entity: EntitySummary;
  /** Articles naming it, in id order. */
  articles: Page<EntityArticle>;
  /** Claims naming it as speaker or target (as shown: a correction counts), in id order. */
  claims: Page<ClaimItem>;
}

export type EntityLookup = { found: 'entity'; view: EntityView } | { found: 'redirect'; to: string } | { found: 'none' };

export const EntityEditEvent = z.object({
  id: z.number().int().positive(),
  action: z.enum(['merge', 'split']),
  entityId: z.string().describe('merge: the entity merged away (its id now redirects); split: the entity the alias left'),
  alias: z.string().nullable().describe('split: the mention text that left'),
  into: z.object({ id: z.string(), name: z.string(), type: EntityType }).describe('Where the mentions and claims went'),
  reviewer: z.string(),
  note: z.string().nullable(),
  articles: z.array(z.string()).describe('The articles it changed (each got a `reviewed` change)'),
  at: z.string().describe('ISO datetime'),
});
export type EntityEditEvent = z.output<typeof EntityEditEvent>;

export type EntityEditResult = { ok: true; edit: EntityEditEvent; entity: EntitySummary } | { ok: false; error: 'not-found'; entityId: string } | { ok: false; error: 'invalid'; reason: string };

// the values as shown, the same expressions as the claims_shown_* indexes (src/store/claims.ts filters by them)
/** A claim that names $1 anywhere: as the extractor found it, or as a reviewer corrected it. */
const NAMES_ENTITY = `(c.speaker_entity_id = $1 OR c.target_entity_id = $1 OR ${SHOWN_SPEAKER} = $1 OR ${SHOWN_TARGET} = $1)`;

// merges and splits take it alone; saveRecord shares it, so a record is never written with ids an edit
// running beside it has just moved (migrations take 7051, the change feed 7052)
const EDIT_LOCK = 7053;

const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

async function redirectOf(db: Queryable, id: string): Promise<string | null> {
  const { rows } = await db.query<{ to_id: string }>('SELECT to_id FROM entity_redirects WHERE from_id = $1', [id]);
  return rows[0]?.to_id ?? null;
}

async function entityRow(db: Queryable, id: string): Promise<EntityRef | null> {
  const { rows } = await db.query<EntityRef>('SELECT id, name, type FROM entities WHERE id = $1', [id]);
  return rows[0] ?? null;
}

async function summary(db: Queryable, e: EntityRef): Promise<EntitySummary> {
  const { rows } = await db.query<{ text: string; n: string | number }>('SELECT text, count(*) AS n FROM entity_mentions WHERE entity_id = $1 GROUP BY text ORDER BY count(*) DESC, text', [e.id]);
  const count = await db.query<{ n: string | number }>('SELECT count(DISTINCT article_id) AS n FROM entity_mentions WHERE entity_id = $1', [e.id]);
  return {
    id: e.id,
    name: e.name,
    type: e.type,
    aliases: rows.map((r) => r.text).filter((t) => t !== e.name),
    mentions: rows.reduce((n, r) => n + Number(r.n), 0),
    articles: Number(count.rows[0]?.n ?? 0),
  };
}

const ENTITY_ARTICLES = 'entity-articles';
const ENTITY_CLAIMS = 'entity-claims';

/** An entity with a page of its articles and a page of its claims; a merged id answers where it went. */
export async function getEntity(db: Queryable, id: string, pages: { articles?: PageOptions; claims?: PageOptions } = {}): Promise<EntityLookup> {
  const aLimit = checkLimit(pages.articles?.limit ?? 100);
  const cLimit = checkLimit(pages.claims?.limit ?? 100);
  const aAfter = pages.articles?.after ? decodeCursor(ENTITY_ARTICLES, pages.articles.after) : '';
  const cAfter = pages.claims?.after ? decodeCursor(ENTITY_CLAIMS, pages.claims.after) : '';
  const to = await redirectOf(db, id);
  if (to !== null) return { found: 'redirect', to };
  const e = await entityRow(db, id);
  if (!e) return { found: 'none' };
  const articles = await db.query<{ id: string; title: string | null; url: string | null; published_at: string | null }>(
    `SELECT a.id, a.title, a.url, a.published_at FROM articles a
     WHERE a.id IN (SELECT m.article_id FROM entity_mentions m WHERE m.entity_id = $1 AND m.article_id > $2) ORDER BY a.id LIMIT $3`,
    [id, aAfter, aLimit + 1],
  );
  const claims = await db.query<ClaimRow>(`SELECT ${CLAIM_COLUMNS} FROM claims c WHERE c.id > $2 AND (${SHOWN_SPEAKER} = $1 OR ${SHOWN_TARGET} = $1) ORDER BY c.id LIMIT $3`, [id, cAfter, cLimit + 1]);
  return {
    found: 'entity',
    view: {
      entity: await summary(db, e),
      articles: toPage(articles.rows, aLimit, ENTITY_ARTICLES, (r) => r.id, (r) => ({ id: r.id, title: r.title, url: r.url, publishedAt: r.published_at })),
      claims: toPage(claims.rows, cLimit, ENTITY_CLAIMS, (r) => r.id, claimItem),
    },
  };
}

interface EditRow {
  id: string | number;
  action: 'merge' | 'split';
  entity_id: string;
  alias: string | null;
  into_id: string;
  into_name: string;
  into_type: EntityType;
}

const toEdit = (r: EditRow): EntityEdit => {
  const into = { id: r.into_id, name: r.into_name, type: r.into_type };
  return r.action === 'merge' ? { action: 'merge', from: r.entity_id, into } : { action: 'split', entity: r.entity_id, alias: r.alias ?? '', into };
};

/** The edits that can touch a record naming these ids, oldest first: those of the ids, then those of the
 * entities they send mentions to, and so on (the rest would change nothing). */
async function editsFor(tx: Queryable, ids: Iterable<string>): Promise<EntityEdit[]> {
  const found = new Map<number, EditRow>();
  const known = new Set(ids);
  let ask = [...known];
  while (ask.length) {
    const { rows } = await tx.query<EditRow>('SELECT id, action, entity_id, alias, into_id, into_name, into_type FROM entity_edits WHERE entity_id = ANY($1::text[])', [ask]);
    ask = [];
    for (const r of rows) {
      found.set(Number(r.id), r);
      if (!known.has(r.into_id)) {
        known.add(r.into_id);
        ask.push(r.into_id);
      }
    }
  }
  return [...found.entries()].sort(([a], [b]) => a - b).map(([, r]) => toEdit(r));
}

/** A record about to be stored, with the analysts' merges and splits done to it (in the caller's
 * transaction, which then holds the edit lock shared to its end). */
export async function applyStoredEdits(tx: Queryable, record: ArticleRecord): Promise<ArticleRecord> {
  await tx.query('SELECT pg_advisory_xact_lock_shared($1)', [EDIT_LOCK]);
  const ids = new Set(record.entities.map((e) => e.id));
  for (const c of record.claims) for (const p of [c.speaker, c.target]) if (p?.entityId) ids.add(p.entityId);
  if (!ids.size) return record;
  const edits = await editsFor(tx, ids);
  if (!edits.length) return record;
  const edited = applyEntityEdits(record, edits);
  return edited === record ? record : ArticleRecord.parse(edited);
}

/** Does an edit to what is stored: the records, claims and mentions naming its subject (a split's search
 * narrowed to its alias). Returns the articles it changed, in id order. */
async function applyEdit(tx: Queryable, edit: EntityEdit): Promise<string[]> {
  const subject = editSubject(edit);
  const alias = edit.action === 'split' ? edit.alias : null;
  const claimsNaming = `${NAMES_ENTITY} AND ($2::text IS NULL OR $2 IN (c.speaker_text, c.extracted->'target'->>'text', c.correction->'speaker'->>'text', c.correction->'target'->>'text'))`;
  const { rows: articles } = await tx.query<{ id: string; record: unknown }>(
    `SELECT a.id, a.record FROM articles a WHERE a.id IN (
       SELECT m.article_id FROM entity_mentions m WHERE m.entity_id = $1 AND ($2::text IS NULL OR m.text = $2)
       UNION SELECT c.article_id FROM claims c WHERE ${claimsNaming})
     ORDER BY a.id FOR UPDATE`,
    [subject, alias],
  );
  const changed = new Set<string>();
  const records = new Map<string, ArticleRecord>();
  for (const a of articles) {
    const before = ArticleRecord.parse(json(a.record));
    const after = applyEntityEdit(before, edit);
    if (after === before) continue;
    const valid = ArticleRecord.parse(after);
    records.set(a.id, valid);
    changed.add(a.id);
    await tx.query('UPDATE articles SET record = $2::jsonb, updated_at = now() WHERE id = $1', [a.id, JSON.stringify(valid)]);
  }
  // the claims rows: a claim still in its record is written as the record now has it, one the extractor no
  // longer finds (kept for its review) by the same rule; a reviewer's correction follows too
  const { rows: claims } = await tx.query<{ id: string; article_id: string; extracted: Claim | string; correction: ShownCorrection | string | null }>(
    `SELECT c.id, c.article_id, c.extracted, c.correction FROM claims c WHERE ${claimsNaming} ORDER BY c.id FOR UPDATE`,
    [subject, alias],
  );
  for (const row of claims) {
    const extracted = json(row.extracted);
    const correction = row.correction === null ? null : json(row.correction);
    const claim = records.get(row.article_id)?.claims.find((c) => c.id === row.id) ?? editClaim(extracted, edit);
    const corrected = correction && editCorrection(correction, edit);
    if (JSON.stringify(claim) === JSON.stringify(extracted) && corrected === correction) continue;
    await tx.query(
      `UPDATE claims SET speaker_entity_id = $2, speaker_name = $3, target_entity_id = $4, target_name = $5, extracted = $6::jsonb, correction = $7::jsonb WHERE id = $1`,
      [row.id, claim.speaker?.entityId ?? null, claim.speaker?.name ?? null, claim.target?.entityId ?? null, claim.target?.name ?? null, JSON.stringify(claim), corrected === null ? null : JSON.stringify(corrected)],
    );
    changed.add(row.article_id);
  }
  // the mentions as the records now have them
  await tx.query('INSERT INTO entities (id, name, type) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING', [edit.into.id, edit.into.name, edit.into.type]);
  for (const [id, r] of records) {
    const entities = r.entities.filter((e) => e.id !== edit.into.id);
    if (entities.length) {
      await tx.query('INSERT INTO entities (id, name, type) SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT (id) DO NOTHING', [entities.map((e) => e.id), entities.map((e) => e.name), entities.map((e) => e.type)]);
    }
    const mentions = r.entities.flatMap((e) => e.mentions.map((m) => ({ ...m, entity: e.id })));
    await tx.query('DELETE FROM entity_mentions WHERE article_id = $1', [id]);
    await tx.query(
      `INSERT INTO entity_mentions (article_id, entity_id, start_offset, end_offset, text)
       SELECT $1::text, * FROM unnest($2::text[], $3::int[], $4::int[], $5::text[]) ON CONFLICT DO NOTHING`,
      [id, mentions.map((m) => m.entity), mentions.map((m) => m.start), mentions.map((m) => m.end), mentions.map((m) => m.text)],
    );
  }
  return [...changed].sort();
}

interface EventRow extends EditRow {
  reviewer: string;
  note: string | null;
  articles: string[];
  at: Date | string;
}

const EVENT_COLUMNS = 'id, action, entity_id, alias, into_id, into_name, into_type, reviewer, note, articles, at';

const event = (r: EventRow): EntityEditEvent => ({
  id: Number(r.id),
  action: r.action,
  entityId: r.entity_id,
  alias: r.alias,
  into: { id: r.into_id, name: r.into_name, type: r.into_type },
  reviewer: r.reviewer,
  note: r.note,
  articles: r.articles,
  at: new Date(r.at).toISOString(),
});

/** Writes an edit: what it changes, its event, the 'reviewed' changes (last: their lock is held to the commit). */
async function commitEdit(tx: Queryable, edit: EntityEdit, who: { reviewer: string; note?: string | undefined }): Promise<EntityEditResult> {
  const articles = await applyEdit(tx, edit);
  const ev = await tx.query<EventRow>(
    `INSERT INTO entity_edits (action, entity_id, alias, into_id, into_name, into_type, reviewer, note, articles) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text[]) RETURNING ${EVENT_COLUMNS}`,
    [edit.action, editSubject(edit), edit.action === 'split' ? edit.alias : null, edit.into.id, edit.into.name, edit.into.type, who.reviewer, who.note ?? null, articles],
  );
  const row = ev.rows[0] as EventRow;
  if (edit.action === 'merge') {
    // chains stay one step long: what pointed at `from` now points where it went
    await tx.query('UPDATE entity_redirects SET to_id = $2 WHERE to_id = $1', [edit.from, edit.into.id]);
    await tx.query('INSERT INTO entity_redirects (from_id, to_id, edit_id) VALUES ($1, $2, $3)', [edit.from, edit.into.id, row.id]);
  }
  const entity = await summary(tx, edit.into);
  for (const a of articles) await recordChange(tx, a, 'reviewed');
  return { ok: true, edit: event(row), entity };
}

const invalid = (reason: string): EntityEditResult => ({ ok: false, error: 'invalid', reason });
const problems = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
const q = (s: string) => JSON.stringify(s);

/** Merges `from` into `into`: every mention and claim of `from` (records, mentions, claims, corrections)
 * goes to `into`, and `from` redirects there from now on. Checked against MergeInput here too. */
export async function mergeEntities(db: Driver, input: MergeInput): Promise<EntityEditResult> {
  const parsed = MergeInput.safeParse(input);
  if (!parsed.success) return invalid(problems(parsed.error));
  const m = parsed.data;
  if (m.from === m.into) return invalid(`cannot merge ${q(m.from)} into itself`);
  return db.transaction(async (tx): Promise<EntityEditResult> => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [EDIT_LOCK]);
    const gone = await redirectOf(tx, m.from);
    if (gone !== null) return invalid(`${q(m.from)} was already merged into ${q(gone)}`);
    const from = await entityRow(tx, m.from);
    if (!from) return { ok: false, error: 'not-found', entityId: m.from };
    // a merged id is followed to where it went; one that went to `from` would make a cycle
    const intoId = (await redirectOf(tx, m.into)) ?? m.into;
    if (intoId === from.id) return invalid(`${q(m.into)} was merged into ${q(m.from)} before: merging ${q(m.from)} into it would make a cycle`);
    const into = await entityRow(tx, intoId);
    if (!into) return { ok: false, error: 'not-found', entityId: m.into };
    if (from.type !== into.type && !m.allowTypeChange) {
      return invalid(`${q(from.id)} is a ${from.type} and ${q(into.id)} a ${into.type}: the merged entity would be a ${into.type}; send "allowTypeChange": true if that is meant`);
    }
    return commitEdit(tx, { action: 'merge', from: from.id, into }, m);
  });
}

/** Splits an alias off an entity: its mentions with exactly that text, and the claims whose speaker or
 * target text is exactly it, go to the entity made from `type` and `name` (an existing one when that id is
 * taken; one merged away is followed). Checked against SplitInput here too. */
export async function splitEntity(db: Driver, entityId: string, input: SplitInput): Promise<EntityEditResult> {
  const parsed = SplitInput.safeParse(input);
  if (!parsed.success) return invalid(problems(parsed.error));
  const s = parsed.data;
  return db.transaction(async (tx): Promise<EntityEditResult> => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [EDIT_LOCK]);
    const gone = await redirectOf(tx, entityId);
    if (gone !== null) return invalid(`${q(entityId)} was merged into ${q(gone)}: split the alias off ${q(gone)}`);
    const entity = await entityRow(tx, entityId);
    if (!entity) return { ok: false, error: 'not-found', entityId };
    if (s.alias === entity.name) return invalid(`${q(s.alias)} is the name of ${q(entity.id)}, not an alias of it: split its other forms off instead`);
    const { aliases } = await summary(tx, entity);
    if (!aliases.includes(s.alias)) return invalid(`${q(s.alias)} is not an alias of ${q(entity.id)}; its aliases are ${aliases.length ? aliases.map(q).join(', ') : 'none'}`);
    const made = splitTarget(entity, s);
    if (/:$/.test(made.id)) return invalid(`the name ${q(made.name)} has no letters or digits to make an id of`);
    if (made.id === entity.id) return invalid(`the new entity's id would be ${q(made.id)}, the entity's own: give another name or type`);
    const intoId = (await redirectOf(tx, made.id)) ?? made.id;
    if (intoId === entity.id) return invalid(`${q(made.id)} was merged into ${q(entity.id)}: its alias cannot be split off to it`);
    const into = (await entityRow(tx, intoId)) ?? made;
    return commitEdit(tx, { action: 'split', entity: entity.id, alias: s.alias, into }, s);
  });
}
