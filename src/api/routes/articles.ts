// GET /articles: article summaries a page at a time, filtered; GET /articles/{id}: a stored record, as the
// store validated it.
import { createRoute, z } from '@hono/zod-openapi';
import { ArticleRecord } from '../../record.js';
import { ArticleSummary } from '../../store/index.js';
import type { ApiApp, ApiDeps } from '../deps.js';
import { notFound } from '../errors.js';
import { errors, isoTime, limitQuery, SECURITY } from '../schemas.js';

// .meta, not .openapi: the record's schema was made before zod-openapi extended zod (zod 4 gives each
// schema its methods when it is made); an id in zod's own registry names the component all the same
const Record = ArticleRecord.meta({ id: 'ArticleRecord' });

const Summary = ArticleSummary.meta({ id: 'ArticleSummary' });

const listArticlesRoute = createRoute({
  method: 'get',
  path: '/articles',
  tags: ['articles'],
  summary: 'Article summaries in id order, a page at a time, filtered by entity, site, publication time and words',
  security: SECURITY,
  request: {
    query: z.object({
      entity: z.string().min(1).max(4096).optional().openapi({ description: 'An entity id the article mentions', example: 'person:sharon-graham' }),
      site: z.string().min(1).max(4096).optional().openapi({ description: "The site's name, as the record has it" }),
      since: isoTime.optional().openapi({ description: 'Published at or after' }),
      until: isoTime.optional().openapi({ description: 'Published at or before; a date alone includes that whole day' }),
      q: z.string().max(1000).optional().openapi({ description: 'Words in the title or text, PostgreSQL web-search syntax' }),
      after: z.string().min(1).max(4096).optional().openapi({ description: 'The `next` of the previous page' }),
      limit: limitQuery(100),
    }),
  },
  responses: {
    200: { description: 'a page of summaries; `next` is null on the last', content: { 'application/json': { schema: z.object({ items: z.array(Summary), next: z.string().nullable() }) } } },
    ...errors(400),
  },
});

const getArticle = createRoute({
  method: 'get',
  path: '/articles/{id}',
  tags: ['articles'],
  summary: 'A stored article record by its id (or its URL, canonical URL or the input it was ingested from)',
  security: SECURITY,
  request: { params: z.object({ id: z.string().min(1).max(4096).openapi({ param: { name: 'id', in: 'path' } }) }) },
  responses: {
    200: { description: 'the record', content: { 'application/json': { schema: Record } } },
    ...errors(400, 404),
  },
});

export function articleRoutes(app: ApiApp, deps: ApiDeps): void {
  app.openapi(listArticlesRoute, async (c) => {
    const { after, limit, ...filter } = c.req.valid('query');
    return c.json(await deps.store.listArticles(filter, { after: after ?? null, limit }), 200);
  });

  app.openapi(getArticle, async (c) => {
    const { id } = c.req.valid('param');
    const record = await deps.store.getRecord(id);
    if (!record) throw notFound('article', id);
    return c.json(record, 200);
  });
}
