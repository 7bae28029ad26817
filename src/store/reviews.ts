// Reviewing a claim: accept, reject or correct it. Each review is an event in claim_reviews (append-only:
// a trigger refuses UPDATE, DELETE and TRUNCATE), changes the claim's status and correction, and writes a
// 'reviewed' change, all in one transaction. Mistakes of the caller are results, not exceptions.
import { z } from 'zod';
import { type ArticleFacts, applyReview, type ClaimFlag, Correction, correctionProblem, ReviewInput, type ReviewStatus, resolveCorrection, type ShownCorrection } from '../review/rules.js';
import { recordChange } from './changes.js';
import { CLAIM_COLUMNS, type ClaimItem, type ClaimRow, claimItem } from './claims.js';
import type { Driver, Queryable } from './driver.js';

export const ReviewEvent = z.object({
  id: z.number().int().positive(),
  claimId: z.string(),
  articleId: z.string(),
  action: z.enum(['accept', 'reject', 'correct']),
  reviewer: z.string(),
  note: z.string().nullable(),
  correction: Correction.nullable().describe('What the reviewer asked for (entity ids, span), as given.'),
  at: z.string().describe('ISO datetime'),
});
export type ReviewEvent = z.output<typeof ReviewEvent>;

export type ReviewResult = { ok: true; claim: ClaimItem; review: ReviewEvent } | { ok: false; error: 'not-found'; claimId: string } | { ok: false; error: 'invalid'; reason: string };

interface EventRow {
  id: string;
  claim_id: string;
  article_id: string;
  action: ReviewInput['action'];
  reviewer: string;
  note: string | null;
  correction: Correction | string | null;
  at: Date | string;
}

const event = (r: EventRow): ReviewEvent => ({
  id: Number(r.id),
  claimId: r.claim_id,
  articleId: r.article_id,
  action: r.action,
  reviewer: r.reviewer,
  note: r.note,
  correction: typeof r.correction === 'string' ? (JSON.parse(r.correction) as Correction) : r.correction,
  at: new Date(r.at).toISOString(),
});

const EVENT_COLUMNS = 'id, claim_id, article_id, action, reviewer, note, correction, at';

/** Reviews a claim. `input` is checked against ReviewInput here too, so the API may pass what it got. */
export async function reviewClaim(db: Driver, claimId: string, input: ReviewInput): Promise<ReviewResult> {
  const parsed = ReviewInput.safeParse(input);
  if (!parsed.success) return { ok: false, error: 'invalid', reason: parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ') };
  const review = parsed.data;
  return db.transaction(async (tx): Promise<ReviewResult> => {
    const { rows } = await tx.query<{ article_id: string; review_status: ReviewStatus; flag: ClaimFlag | null; correction: ShownCorrection | string | null }>(
      'SELECT article_id, review_status, flag, correction FROM claims WHERE id = $1 FOR UPDATE',
      [claimId],
    );
    const claim = rows[0];
    if (!claim) return { ok: false, error: 'not-found', claimId };
    let shown: ShownCorrection | undefined;
    if (review.action === 'correct') {
      const article = await articleFacts(tx, claim.article_id);
      const problem = correctionProblem(review.correction, article);
      if (problem) return { ok: false, error: 'invalid', reason: problem };
      shown = resolveCorrection(review.correction, article);
    }
    const current = { status: claim.review_status, flag: claim.flag, correction: typeof claim.correction === 'string' ? (JSON.parse(claim.correction) as ShownCorrection) : claim.correction };
    const next = applyReview(current, review.action, shown);
    await tx.query('UPDATE claims SET review_status = $2, correction = $3::jsonb, flag = $4 WHERE id = $1', [claimId, next.status, next.correction === null ? null : JSON.stringify(next.correction), next.flag]);
    const ev = await tx.query<EventRow>(
      `INSERT INTO claim_reviews (claim_id, article_id, action, reviewer, note, correction) VALUES ($1, $2, $3, $4, $5, $6::jsonb) RETURNING ${EVENT_COLUMNS}`,
      [claimId, claim.article_id, review.action, review.reviewer, review.note ?? null, review.action === 'correct' ? JSON.stringify(review.correction) : null],
    );
    const after = await tx.query<ClaimRow>(`SELECT ${CLAIM_COLUMNS} FROM claims c WHERE c.id = $1`, [claimId]);
    await recordChange(tx, claim.article_id, 'reviewed'); // last: its lock is held to the commit
    return { ok: true, claim: claimItem(after.rows[0] as ClaimRow), review: event(ev.rows[0] as EventRow) };
  });
}

/** The article text and entities a correction is checked against. */
async function articleFacts(tx: Queryable, articleId: string): Promise<ArticleFacts> {
  const { rows } = await tx.query<{ text: string | null; entities: ArticleFacts['entities'] | string | null }>("SELECT record->>'text' AS text, record->'entities' AS entities FROM articles WHERE id = $1", [articleId]);
  const r = rows[0];
  const entities = typeof r?.entities === 'string' ? (JSON.parse(r.entities) as ArticleFacts['entities']) : (r?.entities ?? []);
  return { text: r?.text ?? '', entities };
}

/** A claim's review events, oldest first. */
export async function claimReviews(db: Queryable, claimId: string): Promise<ReviewEvent[]> {
  const { rows } = await db.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM claim_reviews WHERE claim_id = $1 ORDER BY id`, [claimId]);
  return rows.map(event);
}
