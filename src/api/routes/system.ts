// The server about itself: its OpenAPI document (generated from the routes' zod schemas), Swagger UI over
// it, Prometheus metrics, and a health check that load balancers may call without a key.
import { createRoute, z } from '@hono/zod-openapi';
import { swaggerUI } from '@hono/swagger-ui';
import { EXTRACTOR } from '../../version.js';
import type { ApiApp, ApiDeps } from '../deps.js';
import { errors, SECURITY } from '../schemas.js';

export const OPENAPI_PATH = '/openapi.json';

const Health = z.object({ ok: z.boolean(), at: z.string(), store: z.enum(['ok', 'unreachable']) }).openapi('Health');

const healthRoute = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['operations'],
  summary: 'Whether the server is up and its store answers (no key needed)',
  responses: {
    200: { description: 'up', content: { 'application/json': { schema: Health } } },
    503: { description: 'up, but the store does not answer', content: { 'application/json': { schema: Health } } },
  },
});

const metricsRoute = {
  method: 'get' as const,
  path: '/metrics',
  tags: ['operations'],
  summary: 'Prometheus metrics: requests by route and status, jobs per queue and state (with Redis), the process',
  security: SECURITY,
  responses: { 200: { description: 'the text exposition format', content: { 'text/plain': { schema: z.string() } } }, ...errors() },
};

export function systemRoutes(app: ApiApp, deps: ApiDeps): void {
  app.openapi(healthRoute, async (c) => {
    const at = deps.clock().toISOString();
    const store = await deps.store.db.query('SELECT 1').then(
      () => 'ok' as const,
      () => 'unreachable' as const,
    );
    return store === 'ok' ? c.json({ ok: true, at, store }, 200) : c.json({ ok: false, at, store }, 503);
  });

  app.openAPIRegistry.registerPath(metricsRoute);
  app.get(metricsRoute.path, async (c) => c.body(await deps.metrics.text(), 200, { 'content-type': deps.metrics.registry.contentType }));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'an API key: Authorization: Bearer <key>' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', { type: 'apiKey', in: 'header', name: 'x-api-key' });
  app.doc(OPENAPI_PATH, {
    openapi: '3.0.3',
    info: {
      title: 'newsdesk',
      version: EXTRACTOR.version,
      description: 'News articles in, structured reviewable records out. With API keys configured, every route but /healthz needs one (reader: reads; operator: everything).',
    },
  });
  app.get('/docs', swaggerUI({ url: OPENAPI_PATH }));
}
