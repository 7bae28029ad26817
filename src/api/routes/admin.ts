// /admin/queues: Bull Board, the queues' dashboard (fetch, extract, feeds: jobs per state, a job's data,
// failure and logs, retry, promote, clean, pause), for operators (auth.ts: everything under /admin needs the
// operator role, reads included). Without Redis it answers 503 like every queue route. The dashboard's own
// JSON API under /admin/queues/api is Bull Board's, not ours, and stays out of the OpenAPI document; the
// page itself is listed there.
import { resolve } from 'node:path';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { z } from '@hono/zod-openapi';
import { serveStatic } from '@hono/node-server/serve-static';
import { QUEUE_NAMES } from '../../queue/connection.js';
import type { ApiApp, ApiDeps } from '../deps.js';
import { needQueues } from '../queue-access.js';
import { errors, SECURITY } from '../schemas.js';

export const ADMIN_QUEUES_PATH = '/admin/queues';

const dashboardRoute = {
  method: 'get' as const,
  path: ADMIN_QUEUES_PATH,
  tags: ['operations'],
  summary: 'Bull Board, the dashboard of the queues (operator role; with Redis only). Its JSON API under /admin/queues/api is Bull Board’s own.',
  security: SECURITY,
  responses: { 200: { description: 'the dashboard page', content: { 'text/html': { schema: z.string() } } }, ...errors(503) },
};

/** Bull Board's adapter hands serveStatic its files' folder relative to the working directory at start; made
 * absolute here, at once, the dashboard's scripts and styles keep loading whatever directory the server was
 * started from or moves to later. */
const staticFiles: typeof serveStatic = (opts) => serveStatic({ ...opts, root: resolve(opts?.root ?? '.') });

// @bull-board/hono 9.10.1 (its latest) pins @bull-board/api 9.10.1 while we have 9.10.2: the same interface
// from two copies of the package, which TypeScript tells apart by a private field. Pinning our
// @bull-board/api to the adapter's version would make this cast unneeded.
type ServerAdapter = Parameters<typeof createBullBoard>[0]['serverAdapter'];

export function adminRoutes(app: ApiApp, deps: ApiDeps): void {
  app.openAPIRegistry.registerPath(dashboardRoute);
  const { queues } = deps;
  if (!queues) {
    const unavailable = () => {
      needQueues(deps, 'the queues the dashboard shows');
      throw new Error('unreachable');
    };
    app.all(ADMIN_QUEUES_PATH, unavailable);
    app.all(`${ADMIN_QUEUES_PATH}/*`, unavailable);
    return;
  }
  // the page's <base href> and the static files' URLs are made from the base path: it must be where it is mounted
  const board = new HonoAdapter(staticFiles).setBasePath(ADMIN_QUEUES_PATH);
  createBullBoard({
    queues: QUEUE_NAMES.map((name) => new BullMQAdapter(queues[name])),
    serverAdapter: board as unknown as ServerAdapter,
    options: { uiConfig: { boardTitle: 'newsdesk queues' } },
  });
  app.route(ADMIN_QUEUES_PATH, board.registerPlugin());
}
