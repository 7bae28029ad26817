// Feeds on the queue: a worker polls RSS feeds and sitemaps served on 127.0.0.1 and each article they list
// is fetched and stored once, however often it is listed or polled; the followed feeds are job schedulers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitForBatch } from '../../src/queue/batch.js';
import { addFeed, listFeeds, removeFeed } from '../../src/queue/feeds.js';
import { fetchJobId } from '../../src/queue/jobs.js';
import { RETRY } from '../../src/queue/retry.js';
import { openQueueEnv, type QueueEnv, waitFor, waitForJob } from '../helpers/queue.js';
import { page, type Route, startServer, type TestServer } from '../helpers/server.js';

const xml =
  (body: () => string, type = 'application/rss+xml'): Route =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': `${type}; charset=utf-8` }).end(body());
  };
const rss = (links: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Test wire</title><link>http://wire.test/</link>${links
    .map((l, i) => `<item><title>Story ${i}</title><link>${l.replace(/&/g, '&amp;')}</link></item>`)
    .join('')}</channel></rss>`;
const urlset = (locs: string[]) => `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${locs.map((l) => `<url><loc>${l}</loc></url>`).join('')}</urlset>`;

/** Article routes /news/<slug>, each a page of its own. */
const articles = (...slugs: string[]): Record<string, Route> =>
  Object.fromEntries(
    slugs.map((slug) => [
      `/news/${slug}`,
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(`Story ${slug}`, [`The story ${slug} was confirmed on Monday by the harbour master.`, 'More details followed later.']));
      },
    ]),
  );

let env: QueueEnv;
let server: TestServer | undefined;
beforeEach(async () => {
  env = await openQueueEnv();
});
afterEach(async () => {
  await env.cleanup();
  await server?.close();
  server = undefined;
});

const requestsTo = (path: string) => (server as TestServer).log.filter((l) => l === `GET ${path}` || l.startsWith(`GET ${path}?`)).length;

/** One poll of the feed, as its scheduler would produce it (with retries allowed, so a permanent failure
 * shows as one attempt); its result once done. */
async function poll(url: string, n: number): Promise<{ state: string; returnvalue: unknown; attemptsMade: number; failedReason: string }> {
  await env.queues.feeds.add('poll', { url }, { jobId: `test-poll-${n}`, ...RETRY });
  const job = await waitForJob(env.queues.feeds, `test-poll-${n}`);
  return { state: await job.getState(), returnvalue: job.returnvalue, attemptsMade: job.attemptsMade, failedReason: job.failedReason };
}

const stored = async () => (await env.sql<{ input: string }>('SELECT input FROM article_inputs ORDER BY input')).map((r) => r.input);

describe('feeds on the queue', () => {
  it('polled twice, a feed has each article fetched once, and an item new at the second poll is fetched then', async () => {
    let items: string[] = [];
    server = await startServer({ '/feed.xml': xml(() => rss(items)), ...articles('a', 'b', 'c', 'd') });
    const u = (p: string) => `${(server as TestServer).url}${p}`;
    // three articles: a listed twice, b also under a utm_ variant
    items = [u('/news/a'), u('/news/b'), u('/news/a'), u('/news/b?utm_source=rss&utm_medium=feed'), u('/news/c')];
    env.worker();

    const first = await poll(u('/feed.xml'), 1);
    expect(first.state).toBe('completed');
    expect(first.returnvalue).toEqual({ found: 3, enqueued: 3 });
    const three = [u('/news/a'), u('/news/b'), u('/news/c')];
    expect((await waitForBatch(env.queues, three.map(fetchJobId), undefined, 100)).stored).toBe(3);

    items = [u('/news/d'), ...items];
    const second = await poll(u('/feed.xml'), 2);
    expect(second.returnvalue).toEqual({ found: 4, enqueued: 1 });
    expect((await waitForBatch(env.queues, [fetchJobId(u('/news/d'))], undefined, 100)).stored).toBe(1);

    expect(await stored()).toEqual([...three, u('/news/d')]);
    expect((await env.sql('SELECT id FROM articles')).length).toBe(4);
    expect(requestsTo('/feed.xml')).toBe(2);
    for (const slug of ['a', 'b', 'c', 'd']) expect(requestsTo(`/news/${slug}`), slug).toBe(1);
    // no queue keeps a second job for an article: the fetch queue has exactly the four
    expect((await env.queues.fetch.getJobs(['completed', 'failed', 'waiting', 'delayed', 'active'])).map((j) => j.id).sort()).toEqual([...three, u('/news/d')].map(fetchJobId).sort());
    expect(await env.store.failures()).toEqual([]);
  });

  it('follows a sitemap index to its two child sitemaps; a child that failed is read at the next poll', async () => {
    let twoDown = true;
    server = await startServer({
      '/sitemap-index.xml': xml(
        () =>
          `<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>/sitemaps/one.xml</loc></sitemap><sitemap><loc>/sitemaps/two.xml</loc></sitemap></sitemapindex>`,
        'application/xml',
      ),
      '/sitemaps/one.xml': xml(() => urlset(['/news/s1', '/news/s2']), 'application/xml'),
      '/sitemaps/two.xml': (req, res) => {
        if (twoDown) res.writeHead(404, { 'content-type': 'text/plain' }).end('not yet');
        else xml(() => urlset(['/news/s3', '/news/s1']), 'application/xml')(req, res);
      },
      ...articles('s1', 's2', 's3'),
    });
    const u = (p: string) => `${(server as TestServer).url}${p}`;
    env.worker();
    // the second child is missing: the first one's articles are queued, the second is a failure
    const r1 = await poll(u('/sitemap-index.xml'), 1);
    expect(r1.state).toBe('completed');
    expect(r1.returnvalue).toEqual({ found: 2, enqueued: 2 });
    expect((await env.store.failures()).map((f) => [f.input, f.reason])).toEqual([[u('/sitemaps/two.xml'), 'http-status']]);

    twoDown = false;
    const r2 = await poll(u('/sitemap-index.xml'), 2);
    // s1 is in both child sitemaps: three articles, one of them new
    expect(r2.returnvalue).toEqual({ found: 3, enqueued: 1 });
    const urls = ['s1', 's2', 's3'].map((s) => u(`/news/${s}`));
    expect((await waitForBatch(env.queues, urls.map(fetchJobId), undefined, 100)).stored).toBe(3);
    expect(await stored()).toEqual(urls);
    expect(await env.store.failures()).toEqual([]);
    for (const path of ['/sitemap-index.xml', '/sitemaps/one.xml', '/sitemaps/two.xml']) expect(requestsTo(path), path).toBe(2);
    for (const path of ['/news/s1', '/news/s2', '/news/s3']) expect(requestsTo(path), path).toBe(1);
  });

  it('records a feed that answers with an HTML page as not-a-feed, once, without retrying', async () => {
    server = await startServer({
      '/feed': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page('Our feeds', ['Subscribe to our newsletter.']));
      },
    });
    const url = `${server.url}/feed`;
    env.worker();
    const r = await poll(url, 1);
    expect(r.state).toBe('failed');
    expect(r.attemptsMade).toBe(1);
    expect(r.failedReason).toMatch(/^not-a-feed: /);
    const failures = await env.store.failures();
    expect(failures.map((f) => [f.input, f.stage, f.reason, f.attempts, f.retryable])).toEqual([[url, 'fetch', 'not-a-feed', 1, false]]);
    expect(await env.queues.fetch.getJobCounts()).toMatchObject({ waiting: 0, active: 0, completed: 0, failed: 0, delayed: 0 });
  });

  it('feeds add, list and remove: a followed feed is polled at once and listed with its interval until removed', async () => {
    server = await startServer({ '/feed.xml': xml(() => rss([`${(server as TestServer).url}/news/f1`])), ...articles('f1') });
    const url = `${server.url}/feed.xml`;
    env.worker();
    // utm parameters name the same feed
    const added = await addFeed(env.queues, `${url}?utm_source=x`, 90_000);
    expect(added).toMatchObject({ url, everyMs: 90_000 });
    const listed = await listFeeds(env.queues);
    expect(listed.map((f) => [f.url, f.everyMs])).toEqual([[url, 90_000]]);
    expect(listed[0]?.next).toEqual(expect.any(Number));

    // the scheduler's first poll comes at once, and its article is stored
    await waitFor('the followed feed to be polled and its article stored', async () => (await stored()).length === 1);
    expect(await stored()).toEqual([`${server.url}/news/f1`]);

    // added again: still one feed, with the new interval (BullMQ polls it again now; its article is not
    // fetched again, having been seen in a feed before)
    await addFeed(env.queues, url, 120_000);
    expect((await listFeeds(env.queues)).map((f) => [f.url, f.everyMs])).toEqual([[url, 120_000]]);
    await waitFor('the feed queue to be idle', async () => {
      const c = await env.queues.feeds.getJobCounts('waiting', 'active', 'prioritized');
      return Object.values(c).every((n) => n === 0);
    });

    expect(await removeFeed(env.queues, url)).toBe(true);
    expect(await listFeeds(env.queues)).toEqual([]);
    expect(await removeFeed(env.queues, url)).toBe(false);
    // removed: no poll is left scheduled
    expect(await env.queues.feeds.getJobCounts('waiting', 'delayed', 'prioritized')).toEqual({ waiting: 0, delayed: 0, prioritized: 0 });
    expect(requestsTo('/feed.xml')).toBeGreaterThanOrEqual(1);
    expect(requestsTo('/news/f1')).toBe(1);
  });
});
