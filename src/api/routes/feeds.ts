// The feeds the workers poll (RSS/Atom, news sitemaps): list, follow, stop following. They live in Redis
// with the queues, so without the queue side these answer 503 saying so.
import { createRoute, z } from '@hono/zod-openapi';
import { addFeed, listFeeds, parseEvery, removeFeed } from '../../queue/feeds.js';
import type { ApiApp, ApiDeps } from '../deps.js';
import { ApiError, notFound } from '../errors.js';
import { needQueues, withinRedis } from '../queue-access.js';
import { errors, SECURITY } from '../schemas.js';

const Feed = z.object({ url: z.string(), everyMs: z.number().int(), next: z.string().nullable().describe('ISO time of the next poll, when known') }).openapi('Feed');

const FeedUrl = z.string().min(1, 'expected a feed URL').max(8192).openapi({ example: 'https://example.com/rss.xml' });

export const FollowBody = z
  .object({
    url: FeedUrl,
    every: z
      .string()
      .default('10m')
      .transform((text, ctx) => {
        try {
          return parseEvery(text);
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: (err as Error).message.replace(/^--every /, '') });
          return z.NEVER;
        }
      })
      .openapi({ type: 'string', example: '10m', description: 'how often to poll it: 90s, 10m, 1h, 1d (at least a minute)' }),
  })
  .openapi('FollowFeed');

const listRoute = createRoute({
  method: 'get',
  path: '/feeds',
  tags: ['feeds'],
  summary: 'The feeds followed',
  security: SECURITY,
  responses: { 200: { description: 'the feeds, by URL', content: { 'application/json': { schema: z.object({ feeds: z.array(Feed) }) } } }, ...errors(503) },
});

const followRoute = createRoute({
  method: 'post',
  path: '/feeds',
  tags: ['feeds'],
  summary: 'Follow a feed: polled at once, then every interval; each new article URL is queued once',
  security: SECURITY,
  request: { body: { required: true, content: { 'application/json': { schema: FollowBody } } } },
  responses: { 201: { description: 'followed', content: { 'application/json': { schema: Feed } } }, ...errors(400, 413, 503) },
});

const unfollowRoute = createRoute({
  method: 'delete',
  path: '/feeds',
  tags: ['feeds'],
  summary: 'Stop following a feed',
  security: SECURITY,
  request: { query: z.object({ url: FeedUrl.openapi({ param: { name: 'url', in: 'query' } }) }) },
  responses: { 200: { description: 'no longer followed', content: { 'application/json': { schema: z.object({ url: z.string(), removed: z.literal(true) }) } } }, ...errors(400, 404, 503) },
});

const asFeed = (f: { url: string; everyMs: number; next: number | null }) => ({ url: f.url, everyMs: f.everyMs, next: f.next === null ? null : new Date(f.next).toISOString() });

export function feedRoutes(app: ApiApp, deps: ApiDeps): void {
  app.openapi(listRoute, async (c) => {
    const queues = needQueues(deps, 'feeds');
    const feeds = await withinRedis(deps, listFeeds(queues));
    return c.json({ feeds: feeds.map(asFeed) }, 200);
  });

  app.openapi(followRoute, async (c) => {
    const { url, every } = c.req.valid('json');
    const queues = needQueues(deps, 'feeds');
    if (!/^https?:\/\//i.test(url.trim())) throw new ApiError(400, `invalid body: url: ${JSON.stringify(url)} is not an http(s) URL`, [{ field: 'url', message: 'expected an http(s) URL' }]);
    const feed = await withinRedis(deps, addFeed(queues, url, every));
    deps.logger.info({ url: feed.url, everyMs: every }, 'feed followed');
    return c.json(asFeed(feed), 201);
  });

  app.openapi(unfollowRoute, async (c) => {
    const { url } = c.req.valid('query');
    const queues = needQueues(deps, 'feeds');
    if (!(await withinRedis(deps, removeFeed(queues, url)))) throw notFound('feed', url);
    deps.logger.info({ url }, 'feed no longer followed');
    return c.json({ url, removed: true as const }, 200);
  });
}
