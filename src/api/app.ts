// The HTTP API as a hono app: the routes of each resource (routes/*.ts) behind the access check and a body
// size limit, failures answered by errors.ts, requests counted for /metrics. Serving it is server.ts's job.
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { Counter, Histogram } from 'prom-client';
import { createFetcher } from '../ingest/fetcher.js';
import { inProcessExtractor } from '../ingest/extractor.js';
import { silentLogger } from '../log.js';
import { jobCounts } from '../queue/connection.js';
import { createMetrics } from '../queue/metrics.js';
import { type ApiEnv, authorize } from './auth.js';
import type { ApiApp, ApiDeps, AppDeps } from './deps.js';
import { ApiError, errorHandler, notFoundHandler, validationHook } from './errors.js';
import { adminRoutes } from './routes/admin.js';
import { articleRoutes } from './routes/articles.js';
import { changeRoutes } from './routes/changes.js';
import { claimRoutes } from './routes/claims.js';
import { entityRoutes } from './routes/entities.js';
import { exportRoutes } from './routes/export.js';
import { feedRoutes } from './routes/feeds.js';
import { jobRoutes } from './routes/jobs.js';
import { reviewRoutes } from './routes/review.js';
import { statusRoutes } from './routes/status.js';
import { systemRoutes } from './routes/system.js';
import { urlRoutes } from './routes/urls.js';

export type { ApiApp, AppDeps } from './deps.js';

export const MAX_BODY_BYTES = 1024 * 1024;

function resolveDeps(deps: AppDeps): ApiDeps {
  const logger = deps.logger ?? silentLogger();
  let metrics = deps.metrics;
  if (!metrics) {
    metrics = createMetrics({ log: logger });
    const queues = deps.queues;
    if (queues) metrics.setJobCounts(() => jobCounts(queues));
  }
  return {
    store: deps.store,
    ...(deps.queues ? { queues: deps.queues } : {}),
    clock: deps.clock ?? (() => new Date()),
    logger,
    keys: deps.keys ?? [],
    fetcher: deps.fetcher ?? createFetcher(),
    extractor: deps.extractor ?? inProcessExtractor(),
    concurrency: Math.max(1, deps.concurrency ?? 4),
    metrics,
    maxBodyBytes: deps.maxBodyBytes ?? MAX_BODY_BYTES,
    redisTimeoutMs: deps.redisTimeoutMs ?? 10_000,
  };
}

export function createApp(given: AppDeps): ApiApp {
  const deps = resolveDeps(given);
  const app = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook });
  const registers = [deps.metrics.registry];
  const requests = new Counter({ name: 'newsdesk_http_requests_total', help: 'HTTP requests answered, by method, route and status', labelNames: ['method', 'route', 'status'] as const, registers });
  const seconds = new Histogram({
    name: 'newsdesk_http_request_duration_seconds',
    help: 'Time to answer an HTTP request (a streamed export: until its headers), by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });

  app.use('*', async (c, next) => {
    const t0 = performance.now();
    await next();
    // the route's pattern, not the path: ids would make a label value each
    const route = c.req.routePath === '/*' || c.req.routePath === '*' ? 'unmatched' : c.req.routePath;
    const ms = performance.now() - t0;
    requests.inc({ method: c.req.method, route, status: String(c.res.status) });
    seconds.observe({ method: c.req.method, route }, ms / 1000);
    deps.logger.debug({ method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(ms), role: c.get('role') ?? undefined }, 'request');
  });
  app.use('*', authorize(deps.keys));
  app.use(
    '*',
    bodyLimit({
      maxSize: deps.maxBodyBytes,
      onError: () => {
        throw new ApiError(413, `the body is larger than ${deps.maxBodyBytes.toLocaleString('en')} bytes`);
      },
    }),
  );

  articleRoutes(app, deps);
  claimRoutes(app, deps);
  entityRoutes(app, deps);
  reviewRoutes(app, deps);
  changeRoutes(app, deps);
  urlRoutes(app, deps);
  jobRoutes(app, deps);
  statusRoutes(app, deps);
  feedRoutes(app, deps);
  exportRoutes(app, deps);
  systemRoutes(app, deps);
  adminRoutes(app, deps);

  app.notFound(notFoundHandler);
  app.onError(errorHandler(deps.logger));
  return app;
}
