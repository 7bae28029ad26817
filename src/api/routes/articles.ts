// GET /articles/{id}: a stored record, as the store validated it.
import { createRoute, z } from '@hono/zod-openapi';
import { ArticleRecord } from '../../record.js';
import type { ApiApp, ApiDeps } from '../deps.js';
import { notFound } from '../errors.js';
import { errors, SECURITY } from '../schemas.js';

// .meta, not .openapi: the record's schema was made before zod-openapi extended zod (zod 4 gives each
// schema its methods when it is made); an id in zod's own registry names the component all the same
const Record = ArticleRecord.meta({ id: 'ArticleRecord' });

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
  app.openapi(getArticle, async (c) => {
    const { id } = c.req.valid('param');
    const record = await deps.store.getRecord(id);
    if (!record) throw notFound('article', id);
    return c.json(record, 200);
  });
}
