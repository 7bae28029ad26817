// GET /export.ndjson: every stored record, one JSON line each, in id order. Streamed a page of records at a
// time and only as fast as the client reads, so an export of any size runs in bounded memory.
import { z } from '@hono/zod-openapi';
import type { ApiApp, ApiDeps } from '../deps.js';
import { errors, SECURITY } from '../schemas.js';

// a stream, not JSON: documented in the registry and served by a plain handler
const exportRoute = {
  method: 'get' as const,
  path: '/export.ndjson',
  tags: ['articles'],
  summary: 'Every stored record as newline-delimited JSON (ArticleRecord, one a line)',
  security: SECURITY,
  responses: {
    200: { description: 'one ArticleRecord a line', content: { 'application/x-ndjson': { schema: z.string() } } },
    ...errors(),
  },
};

export function exportRoutes(app: ApiApp, deps: ApiDeps): void {
  app.openAPIRegistry.registerPath(exportRoute);
  app.get(exportRoute.path, (c) => {
    const records = deps.store.records();
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      // pulled when the client has taken what was sent: the store is read no faster than that
      async pull(controller) {
        try {
          const next = await records.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(`${JSON.stringify(next.value)}\n`));
        } catch (err) {
          // headers are gone: all that is left is to cut the stream short, which the client sees
          deps.logger.error({ err }, 'export failed midway');
          controller.error(err);
        }
      },
      async cancel() {
        await records.return(undefined);
      },
    });
    return c.body(body, 200, { 'content-type': 'application/x-ndjson; charset=utf-8' });
  });
}
