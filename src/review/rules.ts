// The rules of a claim review, pure: what a review input may say, what a review does to a claim's status
// and correction, whether a correction fits its article, and what re-extraction does to reviewed claims.
// The store (src/store/reviews.ts, saveRecord) applies these decisions; nothing here touches a database.
import { z } from 'zod';
import { type Claim, Speaker, Stance, Target } from '../record.js';

export const ReviewStatus = z.enum(['pending', 'accepted', 'rejected', 'corrected']);
export type ReviewStatus = z.output<typeof ReviewStatus>;

/** Why a claim needs another look: the extractor now finds it different, or no longer finds it. */
export const ClaimFlag = z.enum(['changed', 'missing']);
export type ClaimFlag = z.output<typeof ClaimFlag>;

/** What a reviewer may correct: speaker and target by entity id (null: none), the stance, the content as
 * a span of the article text (end exclusive). At least one of them. */
export const Correction = z
  .object({
    speakerEntityId: z.string().min(1).nullable().optional(),
    targetEntityId: z.string().min(1).nullable().optional(),
    stance: Stance.optional(),
    content: z
      .object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() })
      .refine((s) => s.start < s.end, { message: 'content.start must be before content.end' })
      .optional(),
  })
  .strict()
  .refine((c) => Object.values(c).some((v) => v !== undefined), { message: 'a correction sets at least one of speakerEntityId, targetEntityId, stance, content' });
export type Correction = z.output<typeof Correction>;

const common = { reviewer: z.string().trim().min(1), note: z.string().optional() };

/** A review as the API takes it; only 'correct' carries a correction. */
export const ReviewInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('accept'), ...common }).strict(),
  z.object({ action: z.literal('reject'), ...common }).strict(),
  z.object({ action: z.literal('correct'), ...common, correction: Correction }).strict(),
]);
export type ReviewInput = z.output<typeof ReviewInput>;
export type ReviewAction = ReviewInput['action'];

/** The values a correction shows instead of the extractor's, resolved against the article (names, text). */
export const ShownCorrection = z.object({
  speaker: Speaker.nullable().optional(),
  target: Target.nullable().optional(),
  stance: Stance.optional(),
  content: z.object({ text: z.string(), start: z.number().int().nonnegative(), end: z.number().int().nonnegative() }).optional(),
});
export type ShownCorrection = z.output<typeof ShownCorrection>;

/** What a correction is checked against and resolved with. */
export interface ArticleFacts {
  text: string;
  entities: { id: string; name: string; mentions: { start: number; end: number; text: string }[] }[];
}

/** Why a correction does not fit its article, or null when it does. */
export function correctionProblem(c: Correction, article: ArticleFacts): string | null {
  if (c.content && c.content.end > article.text.length) return `content span ${c.content.start}-${c.content.end} is outside the article text (length ${article.text.length})`;
  const ids = new Set(article.entities.map((e) => e.id));
  for (const key of ['speakerEntityId', 'targetEntityId'] as const) {
    const id = c[key];
    if (id != null && !ids.has(id)) return `${key} ${id} is not an entity of the article`;
  }
  return null;
}

/** The shown values of a correction that fits its article (check with correctionProblem first). A corrected
 * speaker is pointed at the entity's first mention: the extractor's speaker span belongs to another one. */
export function resolveCorrection(c: Correction, article: ArticleFacts): ShownCorrection {
  const entity = (id: string) => article.entities.find((e) => e.id === id);
  const out: ShownCorrection = {};
  if (c.speakerEntityId !== undefined) {
    const e = c.speakerEntityId === null ? undefined : entity(c.speakerEntityId);
    const m = e?.mentions[0];
    out.speaker = e ? { entityId: e.id, name: e.name, text: m?.text ?? e.name, start: m?.start ?? 0, end: m?.end ?? 0 } : null;
  }
  if (c.targetEntityId !== undefined) {
    const e = c.targetEntityId === null ? undefined : entity(c.targetEntityId);
    out.target = e ? { entityId: e.id, name: e.name, text: e.mentions[0]?.text ?? null } : null;
  }
  if (c.stance !== undefined) out.stance = c.stance;
  if (c.content) out.content = { text: article.text.slice(c.content.start, c.content.end), ...c.content };
  return out;
}

export interface ReviewState {
  status: ReviewStatus;
  correction: ShownCorrection | null;
  flag: ClaimFlag | null;
}

/** A claim after a review: its status is the action's; a correction adds to (and overrides fields of) the
 * one before, and accepting or rejecting keeps it (the reviewer judged the claim as shown); any review
 * clears the flag, since it is the other look the flag asked for. */
export function applyReview(current: ReviewState, action: ReviewAction, correction?: ShownCorrection): ReviewState {
  const status: ReviewStatus = action === 'accept' ? 'accepted' : action === 'reject' ? 'rejected' : 'corrected';
  const merged = action === 'correct' ? { ...(current.correction ?? {}), ...(correction ?? {}) } : current.correction;
  return { status, correction: merged, flag: null };
}

/** A claim as the store has it: the extractor's values that decide whether it is the same claim. */
export interface StoredClaim {
  id: string;
  status: ReviewStatus;
  flag: ClaimFlag | null;
  content: string;
  speakerEntityId: string | null;
  targetEntityId: string | null;
  stance: Stance;
}

export const isReviewed = (c: Pick<StoredClaim, 'status'>): boolean => c.status !== 'pending';

/** The same claim: content, speaker, target and stance as before (cue, spans and confidence may move). */
export function sameClaim(stored: StoredClaim, found: Claim): boolean {
  return stored.content === found.content.text && stored.speakerEntityId === (found.speaker?.entityId ?? null) && stored.targetEntityId === (found.target?.entityId ?? null) && stored.stance === found.stance;
}

export interface ReextractionPlan {
  /** Every claim found, to write with the extractor's values and this flag (status and correction untouched). */
  write: { claim: Claim; flag: ClaimFlag | null }[];
  /** Never reviewed and no longer found. */
  remove: string[];
  /** Reviewed and no longer found: kept, flagged 'missing'. */
  missing: string[];
}

/** What re-extraction does to an article's claims. A found claim never reviewed is simply written; a
 * reviewed one keeps its review, and is flagged 'changed' when its content, speaker, target or stance
 * moved. A flag is never cleared here, only by a review, so a look asked for is not lost to a later run
 * (a 'missing' claim found again is 'changed').
 * Corrections are the reviewer's and are never part of what is written. */
export function planReextraction(stored: readonly StoredClaim[], found: readonly Claim[]): ReextractionPlan {
  const byId = new Map(stored.map((s) => [s.id, s]));
  const foundIds = new Set(found.map((c) => c.id));
  const write = found.map((claim) => {
    const s = byId.get(claim.id);
    if (!s) return { claim, flag: null };
    // a claim flagged before (changed, or missing and now back) still wants its look: 'changed' while found
    const flag: ClaimFlag | null = s.flag || (isReviewed(s) && !sameClaim(s, claim)) ? 'changed' : null;
    return { claim, flag };
  });
  const gone = stored.filter((s) => !foundIds.has(s.id));
  return { write, remove: gone.filter((s) => !isReviewed(s)).map((s) => s.id), missing: gone.filter(isReviewed).map((s) => s.id) };
}
