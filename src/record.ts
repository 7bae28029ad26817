// ArticleRecord v1: the contract between extract, store and downstream apps (DESIGN.md, "The record").
// Every record is validated against this schema before it is stored or served; the JSON Schema that
// readers get from `newsdesk schema` is generated from it, so the two never drift apart.
import { z } from 'zod';

/** A span of `text`: JavaScript string indices, end exclusive. */
const Span = {
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
};

export const EntityType = z.enum(['person', 'organization', 'place', 'group', 'other']);
export const PageKind = z.enum(['article', 'non-article', 'consent-wall', 'paywall-stub', 'multi-article']);
export const PublishedAtSource = z.enum(['jsonld', 'meta', 'url', 'text', 'input']);
export const ClaimKind = z.enum(['direct', 'indirect', 'mixed', 'stance']);
export const Stance = z.enum(['support', 'oppose', 'neutral']);
export const DateKind = z.enum(['absolute', 'relative']);
export const Granularity = z.enum(['day', 'month', 'year', 'datetime']);

export const Mention = z.object({ ...Span, text: z.string() });

export const Entity = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  type: EntityType,
  aliases: z.array(z.string()),
  role: z.string().optional(),
  mentions: z.array(Mention),
});

export const DateMention = z.object({
  text: z.string(),
  ...Span,
  /** '2019-10-08', 'XXXX-12-15' when the year cannot be known, '2019-10', '2019', '2019-10-08T14:30'. */
  value: z.string().regex(/^(\d{4}|XXXX)(-(\d\d|XX)(-(\d\d|XX)(T\d\d:\d\d(:\d\d)?([+-]\d\d:\d\d|Z)?)?)?)?$/),
  kind: DateKind,
  granularity: Granularity,
});

export const Speaker = z.object({
  entityId: z.string().nullable(),
  name: z.string().nullable(),
  text: z.string(),
  ...Span,
});

export const Target = z.object({
  entityId: z.string().nullable(),
  name: z.string().nullable(),
  text: z.string().nullable(),
});

/** What decided a part of a claim: a hand-written rule, or a learned model (with its id). */
export const Producer = z.object({
  by: z.enum(['rule', 'model']),
  name: z.string().describe("The rule ('quote-np-said', 'np-said-that', 'stance-verb', 'stance-lexicon', …) or the path a model took ('learned-cue')"),
  model: z.string().optional().describe("When a model decided: its name and id as models/manifest.json gives them, 'cue-polnear:a2cfcca46426'"),
});

/** An entity a claim is aimed at, with the speaker's stance toward it. */
export const ClaimTarget = Target.extend({ stance: Stance });

export const Claim = z.object({
  /** Stable: derived from the article, the speaker and the content's words, so re-extraction keeps it. */
  id: z.string().min(1),
  kind: ClaimKind,
  speaker: Speaker.nullable(),
  cue: z.object({ text: z.string(), ...Span }),
  content: z.object({ text: z.string(), ...Span }),
  target: Target.nullable(),
  stance: Stance,
  confidence: z.number().min(0).max(1),
  /** Added in 0.2: every entity the claim is aimed at, each with its own stance; the first is `target`. */
  targets: z.array(ClaimTarget).optional().describe('Every entity the claim is aimed at, each with the speaker’s stance toward it; the first is `target` (and its stance `stance`). Absent on records made before 0.2.'),
  /** Added in 0.2: which rule or model found the claim and which decided its stance. */
  provenance: z
    .object({ attribution: Producer, stance: Producer })
    .optional()
    .describe('Which rule or model found the claim (attribution) and which decided its stance and targets. Absent on records made before 0.2.'),
});

/** ISO date or datetime, keeping the page's own UTC offset. */
const IsoDate = z.string().regex(/^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?)?$/);

export const ArticleRecord = z.object({
  schemaVersion: z.literal(1),
  id: z.string().min(1),
  url: z.string().nullable(),
  canonicalUrl: z.string().nullable(),
  fetchedAt: z.string().optional(),
  extractor: z.object({
    name: z.string(),
    version: z.string(),
    /** The id (content hash) of each learned model the extractor ran with: `reprocess --stale` finds records
     * made with older ones. Absent on records written before models were tracked. */
    models: z.record(z.string(), z.string()).optional(),
  }),
  pageKind: PageKind,
  title: z.string().nullable(),
  authors: z.array(z.string()),
  siteName: z.string().nullable(),
  language: z.string().nullable(),
  description: z.string().nullable(),
  publishedAt: IsoDate.nullable(),
  publishedAtSource: PublishedAtSource.nullable(),
  modifiedAt: IsoDate.nullable(),
  text: z.string(),
  /**
   * Present only when the main text is longer than the NLP budget (200,000 characters, about three times
   * the longest article seen): sentences, entities, dates and claims were sought in `text.slice(0, at)`
   * only. `text` is whole (`length` is its length), so every offset still points into it.
   */
  truncated: z
    .object({
      at: z.number().int().nonnegative(),
      length: z.number().int().nonnegative(),
    })
    .describe('Present when the main text is longer than the NLP budget: entities, dates and claims were sought in text.slice(0, at) only; text is whole and length is its length.')
    .optional(),
  wordCount: z.number().int().nonnegative(),
  contentHash: z.string(),
  entities: z.array(Entity),
  dates: z.array(DateMention),
  claims: z.array(Claim),
});

export type ArticleRecord = z.output<typeof ArticleRecord>;
export type Entity = z.output<typeof Entity>;
export type EntityType = z.output<typeof EntityType>;
export type Mention = z.output<typeof Mention>;
export type DateMention = z.output<typeof DateMention>;
export type Claim = z.output<typeof Claim>;
export type ClaimKind = z.output<typeof ClaimKind>;
export type Stance = z.output<typeof Stance>;
export type Speaker = z.output<typeof Speaker>;
export type Target = z.output<typeof Target>;
export type ClaimTarget = z.output<typeof ClaimTarget>;
export type Producer = z.output<typeof Producer>;
export type PageKind = z.output<typeof PageKind>;

/** The JSON Schema downstream readers see (`newsdesk schema`, `schema/article-record.v1.json`). */
export function articleRecordJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://newsdesk.dev/schema/article-record.v1.json',
    title: 'ArticleRecord',
    ...z.toJSONSchema(ArticleRecord, { target: 'draft-2020-12' }),
  };
}
