// GET /status: the queues (jobs per state, rates) when Redis is configured, the store's counts always, and
// the latest open failures with their reasons.
import { createRoute, z } from '@hono/zod-openapi';
import { queueStatus } from '../../queue/status.js';
import type { ApiApp, ApiDeps } from '../deps.js';
import { withinRedis } from '../queue-access.js';
import { errors, limitQuery, SECURITY } from '../schemas.js';

const Failure = z.object({
  id: z.number().int(),
  input: z.string(),
  stage: z.string(),
  reason: z.string(),
  detail: z.string().nullable(),
  retryable: z.boolean(),
  attempts: z.number().int(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  resolvedAt: z.string().nullable(),
});

const QueueCounts = z.object({ counts: z.record(z.string(), z.number()), completedPerMinute: z.number(), failedPerMinute: z.number() });

export const StatusAnswer = z
  .object({
    at: z.string(),
    store: z.record(z.string(), z.number()).describe('rows: documents, articles, entities, mentions, claims, failures'),
    queues: z.record(z.string(), QueueCounts).optional().describe('with Redis only'),
    failures: z.array(Failure).describe('the latest open failures, the most recent first'),
  })
  .openapi('Status');

const getStatus = createRoute({
  method: 'get',
  path: '/status',
  tags: ['operations'],
  summary: 'Jobs per queue and state (with Redis), store counts, and the latest failures',
  security: SECURITY,
  request: { query: z.object({ limit: limitQuery(10).describe('how many of the latest failures') }) },
  responses: {
    200: { description: 'the status', content: { 'application/json': { schema: StatusAnswer } } },
    ...errors(400, 503),
  },
});

export function statusRoutes(app: ApiApp, deps: ApiDeps): void {
  app.openapi(getStatus, async (c) => {
    const { limit } = c.req.valid('query');
    const store = await deps.store.counts();
    const at = deps.clock().toISOString();
    if (!deps.queues) return c.json({ at, store, failures: await deps.store.failures({ limit }) }, 200);
    const s = await withinRedis(deps, queueStatus(deps.queues, deps.store, limit));
    return c.json({ at, store, queues: s.queues, failures: s.failures }, 200);
  });
}
