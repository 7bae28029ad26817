// Claims as the API shows them (the reviewer's correction over the extractor's values, which are kept
// apart), listed a page at a time with filters and full-text search; and how re-extraction writes an
// article's claims without losing their reviews (the decisions are src/review/rules.ts).
import { z } from 'zod';
import { ClaimFlag, planReextraction, ReviewStatus, ShownCorrection, type StoredClaim } from '../review/rules.js';
import { Claim, type Producer, type Stance } from '../record.js';
import { decodeCursor, encodeCursor } from './changes.js';
import type { Queryable } from './driver.js';
import { publishedConditions } from './published.js';

/** A claim as shown: the record's claim fields with the correction's values over the extractor's. */
export const ClaimItem = Claim.extend({
  articleId: z.string(),
  status: ReviewStatus,
  flagged: z.boolean().describe('True when the claim wants another look (see flag).'),
  flag: ClaimFlag.nullable().describe("'changed': the extractor now finds it different from what was reviewed; 'missing': it no longer finds it."),
  correction: ShownCorrection.nullable().describe("The reviewer's values, shown in the claim's fields; null when never corrected."),
  extracted: ShownCorrection.nullable().describe("The extractor's values of the fields the correction overrides; null when never corrected."),
});
export type ClaimItem = z.output<typeof ClaimItem>;

export interface ClaimFilter {
  /** Entity id of the speaker (as shown: a corrected speaker counts). */
  speaker?: string;
  /** Entity id of the target (as shown). */
  target?: string;
  stance?: Stance;
  status?: ReviewStatus;
  /** Words in the content (as shown), PostgreSQL web-search syntax: `"exact phrase"`, `or`, `-not`. */
  q?: string;
  articleId?: string;
  /** The article's site name, as the record has it. */
  site?: string;
  /** The article published at or after (ISO date or datetime). */
  since?: string;
  /** The article published at or before; a date alone includes that whole day. */
  until?: string;
  /** What found the attribution (`provenance.attribution.by`). Claims stored before provenance match none. */
  producer?: Producer['by'];
  /** The rule or model path that found it, exactly (`provenance.attribution.name`: 'quote-np-said', 'learned-attribution'). */
  rule?: string;
  /** What decided the stance and targets (`provenance.stance.by`). */
  stanceBy?: Producer['by'];
  /** Claims whose confidence is at least this (0 to 1). */
  minConfidence?: number;
}

export interface PageOptions {
  /** The `next` of the previous page. */
  after?: string | null;
  /** 1–1000. @defaultValue 100 */
  limit?: number;
}

export interface Page<T> {
  items: T[];
  /** The cursor of the next page; null on the last. */
  next: string | null;
}

function checkConfidence(min: number): number {
  if (!Number.isFinite(min) || min < 0 || min > 1) throw new RangeError(`minConfidence must be a number from 0 to 1, not ${min}`);
  return min;
}

export function checkLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new RangeError(`limit must be an integer from 1 to 1000, not ${limit}`);
  return limit;
}

/** A page of rows fetched one row too many: the extra row says there is a next page. */
export function toPage<R, T>(rows: R[], limit: number, list: string, key: (r: R) => string, item: (r: R) => T): Page<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept.at(-1);
  return { items: kept.map(item), next: more && last !== undefined ? encodeCursor(list, key(last)) : null };
}

// the values as shown: the correction's where it has one (it may set a speaker or target to none)
export const SHOWN_SPEAKER = `CASE WHEN c.correction ? 'speaker' THEN c.correction->'speaker'->>'entityId' ELSE c.speaker_entity_id END`;
export const SHOWN_TARGET = `CASE WHEN c.correction ? 'target' THEN c.correction->'target'->>'entityId' ELSE c.target_entity_id END`;
const SHOWN_STANCE = `COALESCE(c.correction->>'stance', c.stance)`;
// a stored column (migration 6) kept as to_tsvector of the content as shown, under a GIN index: unlike an
// expression index, the column has statistics, so the planner knows when a search is rare or common
const SHOWN_CONTENT_VECTOR = 'c.content_search';
// provenance is the extractor's (a correction never changes it), read from the claim as extracted: the same
// expressions as the indexes of migration 7. A claim stored before provenance existed has none: NULL, so it
// matches no value
const ATTRIBUTION_BY = "c.extracted->'provenance'->'attribution'->>'by'";
const ATTRIBUTION_NAME = "c.extracted->'provenance'->'attribution'->>'name'";
const STANCE_BY = "c.extracted->'provenance'->'stance'->>'by'";
// the confidence the claim shows (a double in the JSON), not the `confidence` column: that one is a real, whose
// 0.7 is 0.69999999 beside the 0.7 asked for
const CONFIDENCE = "(c.extracted->'confidence')::float8";

export const CLAIM_COLUMNS = 'c.id, c.article_id, c.review_status, c.flag, c.extracted, c.correction';

export interface ClaimRow {
  id: string;
  article_id: string;
  review_status: ReviewStatus;
  flag: ClaimFlag | null;
  extracted: Claim | string;
  correction: ShownCorrection | string | null;
}

const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

export function claimItem(r: ClaimRow): ClaimItem {
  const extracted = json<Claim>(r.extracted);
  const correction = r.correction === null ? null : json<ShownCorrection>(r.correction);
  const original: ShownCorrection | null = correction ? Object.fromEntries(Object.keys(correction).map((k) => [k, extracted[k as keyof ShownCorrection]])) : null;
  return { ...extracted, ...(correction ?? {}), articleId: r.article_id, status: r.review_status, flagged: r.flag !== null, flag: r.flag, correction, extracted: original };
}

const CLAIMS = 'claims';

/** The FROM and WHERE of claims matching the filter, its values pushed to `params` (which may hold some already).
 * Articles are joined only for the filters on them. */
function claimsWhere(filter: ClaimFilter, params: unknown[], where: string[] = []): string {
  if (filter.speaker !== undefined) where.push(`${SHOWN_SPEAKER} = $${params.push(filter.speaker)}`);
  if (filter.target !== undefined) where.push(`${SHOWN_TARGET} = $${params.push(filter.target)}`);
  if (filter.stance !== undefined) where.push(`${SHOWN_STANCE} = $${params.push(filter.stance)}`);
  if (filter.status !== undefined) where.push(`c.review_status = $${params.push(filter.status)}`);
  if (filter.articleId !== undefined) where.push(`c.article_id = $${params.push(filter.articleId)}`);
  if (filter.producer !== undefined) where.push(`${ATTRIBUTION_BY} = $${params.push(filter.producer)}`);
  if (filter.rule !== undefined) where.push(`${ATTRIBUTION_NAME} = $${params.push(filter.rule)}`);
  if (filter.stanceBy !== undefined) where.push(`${STANCE_BY} = $${params.push(filter.stanceBy)}`);
  if (filter.minConfidence !== undefined) where.push(`${CONFIDENCE} >= $${params.push(checkConfidence(filter.minConfidence))}::float8`);
  if (filter.q?.trim()) where.push(`${SHOWN_CONTENT_VECTOR} @@ websearch_to_tsquery('english', $${params.push(filter.q)})`);
  const before = where.length;
  if (filter.site !== undefined) where.push(`a.site_name = $${params.push(filter.site)}`);
  where.push(...publishedConditions('a.published_at', filter, params));
  const from = where.length > before ? 'claims c JOIN articles a ON a.id = c.article_id' : 'claims c';
  return `FROM ${from}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`;
}

/** Claims in id order, filtered, a page at a time. */
export async function listClaims(db: Queryable, filter: ClaimFilter = {}, page: PageOptions = {}): Promise<Page<ClaimItem>> {
  const limit = checkLimit(page.limit ?? 100);
  const params: unknown[] = [];
  // no `id > ''` on a first page: without statistics (PGlite) the planner would add a walk of the whole key
  const from = claimsWhere(filter, params, page.after ? [`c.id > $${params.push(decodeCursor(CLAIMS, page.after))}`] : []);
  const { rows } = await db.query<ClaimRow>(`SELECT ${CLAIM_COLUMNS} ${from} ORDER BY c.id LIMIT $${params.push(limit + 1)}`, params);
  return toPage(rows, limit, CLAIMS, (r) => r.id, claimItem);
}

/** How many claims match the filter (all of them, not a page). */
export async function countClaims(db: Queryable, filter: ClaimFilter = {}): Promise<number> {
  const params: unknown[] = [];
  const { rows } = await db.query<{ n: string | number }>(`SELECT count(*) AS n ${claimsWhere(filter, params)}`, params);
  return Number(rows[0]?.n ?? 0);
}

/** One claim as shown, or null. */
export async function getClaim(db: Queryable, id: string): Promise<ClaimItem | null> {
  const { rows } = await db.query<ClaimRow>(`SELECT ${CLAIM_COLUMNS} FROM claims c WHERE c.id = $1`, [id]);
  return rows[0] ? claimItem(rows[0]) : null;
}

const CHUNK = 400;

/** Writes an article's claims as re-extraction found them, in the caller's transaction: reviews, corrections
 * and flags survive as planReextraction decides; claims never reviewed and no longer found go. */
export async function saveClaims(tx: Queryable, articleId: string, claims: readonly Claim[]): Promise<void> {
  const { rows } = await tx.query<{ id: string; review_status: ReviewStatus; flag: ClaimFlag | null; content: string; speaker_entity_id: string | null; target_entity_id: string | null; stance: Stance }>(
    'SELECT id, review_status, flag, content, speaker_entity_id, target_entity_id, stance FROM claims WHERE article_id = $1 ORDER BY id FOR UPDATE',
    [articleId],
  );
  const stored: StoredClaim[] = rows.map((r) => ({ id: r.id, status: r.review_status, flag: r.flag, content: r.content, speakerEntityId: r.speaker_entity_id, targetEntityId: r.target_entity_id, stance: r.stance }));
  const plan = planReextraction(stored, claims);
  if (plan.remove.length) await tx.query('DELETE FROM claims WHERE id = ANY($1::text[])', [plan.remove]);
  if (plan.missing.length) await tx.query("UPDATE claims SET flag = 'missing' WHERE id = ANY($1::text[])", [plan.missing]);
  const cols = 16;
  for (let i = 0; i < plan.write.length; i += CHUNK) {
    const part = plan.write.slice(i, i + CHUNK);
    const values = part.map((_, r) => `(${Array.from({ length: cols }, (_, k) => `$${r * cols + k + 1}${k === 14 ? '::jsonb' : ''}`).join(', ')})`).join(', ');
    const params = part.flatMap(({ claim: c, flag }) => [
      c.id,
      articleId,
      c.kind,
      c.speaker?.entityId ?? null,
      c.speaker?.name ?? null,
      c.speaker?.text ?? null,
      c.cue.text,
      c.content.text,
      c.content.start,
      c.content.end,
      c.target?.entityId ?? null,
      c.target?.name ?? null,
      c.stance,
      c.confidence,
      JSON.stringify(c),
      flag,
    ]);
    // the extractor's columns only: review_status and correction are the reviewer's and stay as they are
    await tx.query(
      `INSERT INTO claims (id, article_id, kind, speaker_entity_id, speaker_name, speaker_text, cue, content, content_start, content_end, target_entity_id, target_name, stance, confidence, extracted, flag)
       VALUES ${values}
       ON CONFLICT (id) DO UPDATE SET article_id = EXCLUDED.article_id, kind = EXCLUDED.kind, speaker_entity_id = EXCLUDED.speaker_entity_id, speaker_name = EXCLUDED.speaker_name,
         speaker_text = EXCLUDED.speaker_text, cue = EXCLUDED.cue, content = EXCLUDED.content, content_start = EXCLUDED.content_start,
         content_end = EXCLUDED.content_end, target_entity_id = EXCLUDED.target_entity_id, target_name = EXCLUDED.target_name,
         stance = EXCLUDED.stance, confidence = EXCLUDED.confidence, extracted = EXCLUDED.extracted, flag = EXCLUDED.flag`,
      params,
    );
  }
}
