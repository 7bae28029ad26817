// Entities for analysts: GET /entities/{id} (the entity, its aliases, a page of its articles and a page of its
// claims; an id merged away answers 308 to where it went), POST /entities/merge and POST /entities/{id}/split
// (analysts and above: auth.ts). The decisions are the store's (src/store/entities.ts); its typed results
// become 404 and 400 here.
import { createRoute, z } from '@hono/zod-openapi';
import { MergeInput, SplitInput } from '../../review/entity-edits.js';
import { ClaimItem, EntityArticle, EntityEditEvent, type EntityEditResult, EntitySummary } from '../../store/index.js';
import type { ApiApp, ApiDeps } from '../deps.js';
import { ApiError, notFound } from '../errors.js';
import { errors, limitQuery, SECURITY } from '../schemas.js';

// .meta, not .openapi: these schemas were made with zod's own z (see routes/articles.ts)
const Entity = EntitySummary.meta({ id: 'Entity' });
const Article = EntityArticle.meta({ id: 'EntityArticle' });
const Claim = ClaimItem.meta({ id: 'Claim' });
const Edit = EntityEditEvent.meta({ id: 'EntityEdit' });
const Merge = MergeInput.meta({ id: 'EntityMerge' });
const Split = SplitInput.meta({ id: 'EntitySplit' });

const idParam = z.object({ id: z.string().min(1).max(4096).openapi({ param: { name: 'id', in: 'path' }, example: 'person:sharon-graham' }) });
const cursor = z.string().min(1).max(4096);

const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), next: z.string().nullable() });

const getEntityRoute = createRoute({
  method: 'get',
  path: '/entities/{id}',
  tags: ['entities'],
  summary: 'An entity: its names, the articles naming it and the claims it speaks or is the target of, a page of each',
  description:
    'An id merged into another answers `308 Permanent Redirect` to `/entities/{newId}` (the query kept); JSON clients (fetch, curl -L) ' +
    'follow it and get the entity it became. The two lists page apart: pass `articles.next` as `articlesAfter` or `claims.next` as `claimsAfter`.',
  security: SECURITY,
  request: {
    params: idParam,
    query: z.object({
      articlesAfter: cursor.optional().openapi({ description: 'The `articles.next` of the previous answer' }),
      claimsAfter: cursor.optional().openapi({ description: 'The `claims.next` of the previous answer' }),
      limit: limitQuery(100).openapi({ description: 'Items of each list (1–1,000)' }),
    }),
  },
  responses: {
    200: {
      description: 'the entity; articles in id order; claims (as shown: a corrected speaker or target counts) in id order; each `next` null on its last page',
      content: { 'application/json': { schema: z.object({ entity: Entity, articles: page(Article), claims: page(Claim) }) } },
    },
    308: { description: 'the id was merged into another: `Location` is `/entities/{newId}`', headers: z.object({ location: z.string() }) },
    ...errors(400, 404),
  },
});

const editAnswer = {
  description: 'the event (as the audit keeps it) and the entity the mentions went to, as it now is',
  content: { 'application/json': { schema: z.object({ edit: Edit, entity: Entity }) } },
};

const mergeRoute = createRoute({
  method: 'post',
  path: '/entities/merge',
  tags: ['entities'],
  summary: 'Merge one entity into another (analyst role or above): its mentions, claims and corrections follow, its id redirects',
  description:
    'Every mention and claim of `from` (records, mentions, claims as extracted and as corrected) goes to `into`, and `GET /entities/{from}` redirects ' +
    'there from now on; re-extracted and later articles that name `from` land on `into` too. An `into` merged before is followed to where it went; ' +
    'a merge that would close a cycle, a merge into itself, or of an id already merged is refused (400). Types must match unless ' +
    '`allowTypeChange` is true: the type is half of the id, and a cross-type merge is more often a slip (place:georgia into person:georgia) than a fix ' +
    'of a mistyped entity. Each changed article gets a `reviewed` change; the event is kept in an append-only audit.',
  security: SECURITY,
  request: { body: { required: true, content: { 'application/json': { schema: Merge } } } },
  responses: { 200: editAnswer, ...errors(400, 404, 413) },
});

const splitRoute = createRoute({
  method: 'post',
  path: '/entities/{id}/split',
  tags: ['entities'],
  summary: "Split an alias off an entity (analyst role or above): the mentions with exactly that text, and claims spoken or aimed under it, go to a new entity",
  description:
    "The new entity's id is made as the extractor makes ids, from `type` (default: the entity's) and `name` (default: the alias); when that entity " +
    'exists the mentions join it. The alias must be one of the forms the entity\'s mentions take, exactly (case included), and not its name. ' +
    'Claims whose speaker (or target) text is exactly the alias follow it; resolved anaphora ("he", "the company") stay. ' +
    'Re-extracted and later articles are split the same way. Each changed article gets a `reviewed` change; the event is kept in an append-only audit.',
  security: SECURITY,
  request: { params: idParam, body: { required: true, content: { 'application/json': { schema: Split } } } },
  responses: { 200: editAnswer, ...errors(400, 404, 413) },
});

function answer(result: EntityEditResult): { edit: EntityEditEvent; entity: EntitySummary } {
  if (result.ok) return { edit: result.edit, entity: result.entity };
  if (result.error === 'not-found') throw notFound('entity', result.entityId);
  throw new ApiError(400, result.reason);
}

export function entityRoutes(app: ApiApp, deps: ApiDeps): void {
  app.openapi(getEntityRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { articlesAfter, claimsAfter, limit } = c.req.valid('query');
    const found = await deps.store.getEntity(id, { articles: { after: articlesAfter ?? null, limit }, claims: { after: claimsAfter ?? null, limit } });
    if (found.found === 'none') throw notFound('entity', id);
    if (found.found === 'redirect') {
      const query = new URL(c.req.url).search;
      return c.redirect(`/entities/${encodeURIComponent(found.to)}${query}`, 308);
    }
    return c.json(found.view, 200);
  });

  app.openapi(mergeRoute, async (c) => c.json(answer(await deps.store.mergeEntities(c.req.valid('json'))), 200));

  app.openapi(splitRoute, async (c) => {
    const { id } = c.req.valid('param');
    return c.json(answer(await deps.store.splitEntity(id, c.req.valid('json'))), 200);
  });
}
