// Claims as shown (a reviewer's correction over the extractor's values): listed a page at a time with
// filters and full-text search, one by id, its review events, and reviewing it (analysts and above:
// auth.ts). The decisions are the store's (src/store/reviews.ts); its typed results become 404 and 400 here.
import { createRoute, z } from '@hono/zod-openapi';
import { Producer, Stance } from '../../record.js';
import { ReviewInput, ReviewStatus } from '../../review/rules.js';
import { ClaimItem, ReviewEvent } from '../../store/index.js';
import type { ApiApp, ApiDeps } from '../deps.js';
import { ApiError, notFound } from '../errors.js';
import { errors, isoTime, limitQuery, SECURITY } from '../schemas.js';

// .meta, not .openapi: these schemas were made with zod's own z (see routes/articles.ts)
const Claim = ClaimItem.meta({ id: 'Claim' });
const Review = ReviewEvent.meta({ id: 'ReviewEvent' });
const Input = ReviewInput.meta({ id: 'ReviewInput' });

const idParam = z.object({ id: z.string().min(1).max(4096).openapi({ param: { name: 'id', in: 'path' } }) });
const entityId = z.string().min(1).max(4096);
// the values of Producer.by (src/record.ts), refused with the choices named
const by = z.enum(Producer.shape.by.options);
// a decimal only: Number() would read a blank as 0 (every claim) and take '0x1'
const DECIMAL = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const UNIT = 'expected a number from 0 to 1';

const listClaimsRoute = createRoute({
  method: 'get',
  path: '/claims',
  tags: ['claims'],
  summary: 'Claims as shown (corrections applied), in id order, a page at a time',
  description:
    'The filters combine (all must hold). `producer`, `rule` and `stanceBy` read the claim’s `provenance`, which is the extractor’s: a reviewer’s correction does not change it. Claims stored before provenance existed (records made before 0.2) have none and match no `producer`, `rule` or `stanceBy` filter; re-extracting their articles gives them one. `minConfidence` compares the `confidence` the claim shows. `target` is the target as shown (`target`, the first of `targets`), not the others in `targets`.',
  security: SECURITY,
  request: {
    query: z.object({
      speaker: entityId.optional().openapi({ description: "The speaker's entity id (a corrected speaker counts)", example: 'person:sharon-graham' }),
      target: entityId.optional().openapi({ description: "The target's entity id (as shown)" }),
      stance: Stance.optional(),
      status: ReviewStatus.optional(),
      q: z.string().max(1000).optional().openapi({ description: 'Words in the content, PostgreSQL web-search syntax: "exact phrase", or, -not' }),
      site: z.string().min(1).max(4096).optional().openapi({ description: "The article's site name, as the record has it" }),
      since: isoTime.optional().openapi({ description: 'The article published at or after' }),
      until: isoTime.optional().openapi({ description: 'The article published at or before; a date alone includes that whole day' }),
      producer: by.optional().openapi({ description: "What found the attribution (`provenance.attribution.by`): 'rule' (a hand-written pattern) or 'model' (a learned one). Claims without provenance match neither", example: 'model' }),
      rule: z.string().min(1).max(200).optional().openapi({ description: "The rule or model path that found the attribution, exactly (`provenance.attribution.name`)", example: 'quote-np-said' }),
      stanceBy: by.optional().openapi({ description: "What decided the stance and targets (`provenance.stance.by`): 'rule' (the lexicon) or 'model'. Claims without provenance match neither", example: 'model' }),
      minConfidence: z
        .preprocess((v) => (typeof v === 'string' && !DECIMAL.test(v) ? Number.NaN : v), z.coerce.number({ error: UNIT }).min(0, UNIT).max(1, UNIT))
        .optional()
        .openapi({ description: 'Claims whose `confidence` (a calibrated probability that the claim is right) is at least this, from 0 to 1', example: 0.8 }),
      after: z.string().min(1).max(4096).optional().openapi({ description: 'The `next` of the previous page' }),
      limit: limitQuery(100),
    }),
  },
  responses: {
    200: { description: 'a page of claims; `next` is null on the last', content: { 'application/json': { schema: z.object({ items: z.array(Claim), next: z.string().nullable() }) } } },
    ...errors(400),
  },
});

const getClaimRoute = createRoute({
  method: 'get',
  path: '/claims/{id}',
  tags: ['claims'],
  summary: 'A claim as shown, by its id',
  security: SECURITY,
  request: { params: idParam },
  responses: {
    200: { description: 'the claim', content: { 'application/json': { schema: Claim } } },
    ...errors(400, 404),
  },
});

const reviewsRoute = createRoute({
  method: 'get',
  path: '/claims/{id}/reviews',
  tags: ['claims'],
  summary: "A claim's review events (the audit trail), oldest first",
  security: SECURITY,
  request: { params: idParam },
  responses: {
    200: { description: 'the events', content: { 'application/json': { schema: z.object({ items: z.array(Review) }) } } },
    ...errors(400, 404),
  },
});

const reviewRoute = createRoute({
  method: 'post',
  path: '/claims/{id}/review',
  tags: ['claims'],
  summary: 'Accept, reject or correct a claim (analyst role or above): an audit event and a `reviewed` change',
  security: SECURITY,
  request: {
    params: idParam,
    body: { required: true, content: { 'application/json': { schema: Input } } },
  },
  responses: {
    200: { description: 'the claim as it now shows, and the review event', content: { 'application/json': { schema: z.object({ claim: Claim, review: Review }) } } },
    ...errors(400, 404, 413),
  },
});

export function claimRoutes(app: ApiApp, deps: ApiDeps): void {
  app.openapi(listClaimsRoute, async (c) => {
    const { after, limit, ...filter } = c.req.valid('query');
    const page = await deps.store.listClaims(filter, { after: after ?? null, limit });
    return c.json(page, 200);
  });

  app.openapi(getClaimRoute, async (c) => {
    const { id } = c.req.valid('param');
    const claim = await deps.store.getClaim(id);
    if (!claim) throw notFound('claim', id);
    return c.json(claim, 200);
  });

  app.openapi(reviewsRoute, async (c) => {
    const { id } = c.req.valid('param');
    const items = await deps.store.claimReviews(id);
    // no events: either never reviewed or no such claim, which the client should hear about
    if (!items.length && !(await deps.store.getClaim(id))) throw notFound('claim', id);
    return c.json({ items }, 200);
  });

  app.openapi(reviewRoute, async (c) => {
    const { id } = c.req.valid('param');
    const result = await deps.store.reviewClaim(id, c.req.valid('json'));
    if (result.ok) return c.json({ claim: result.claim, review: result.review }, 200);
    if (result.error === 'not-found') throw notFound('claim', id);
    throw new ApiError(400, `the review does not fit claim ${JSON.stringify(id)}: ${result.reason}`);
  });
}
