// Polling one feed or sitemap: fetched through the same guarded, polite fetcher as articles, parsed with a
// kept XML parser (src/ingest/feeds.ts), and each article URL never seen in a feed before is enqueued once.
// A sitemap index is followed one level down.
import { type FailureResult, fail } from '../ingest/failure.js';
import { parseFeed } from '../ingest/feeds.js';
import type { Fetcher } from '../ingest/fetcher.js';
import type { Store } from '../store/index.js';
import type { Queues } from './connection.js';
import { enqueueUrls, markSeen, unseenUrls } from './enqueue.js';
import { canonicalUrl } from './jobs.js';

const MAX_CHILD_SITEMAPS = 50;

export type PollResult = { ok: true; found: number; enqueued: number } | FailureResult;

async function readFeed(url: string, fetcher: Fetcher): Promise<{ ok: true; kind: string; urls: string[] } | FailureResult> {
  const page = await fetcher.fetch(url);
  if (!page.ok) return page;
  const parsed = parseFeed(page.body, page.finalUrl);
  if (!parsed.ok) return { ...fail('unsupported-content-type', parsed.detail), reason: parsed.reason as FailureResult['reason'] };
  return { ok: true, kind: parsed.kind, urls: parsed.entries.map((e) => e.url) };
}

export async function pollFeed(url: string, deps: { queues: Queues; store: Store; fetcher: Fetcher }): Promise<PollResult> {
  const feed = await readFeed(url, deps.fetcher);
  if (!feed.ok) {
    await deps.store.recordFailure({ input: url, stage: 'fetch', reason: feed.reason, detail: feed.detail, retryable: feed.retryable });
    return feed;
  }
  let urls = feed.urls;
  if (feed.kind === 'sitemap-index') {
    urls = [];
    for (const child of feed.urls.slice(0, MAX_CHILD_SITEMAPS)) {
      const sub = await readFeed(child, deps.fetcher);
      if (sub.ok && sub.kind !== 'sitemap-index') {
        urls.push(...sub.urls);
        // a child that failed at an earlier poll is read now: its failure is over
        await deps.store.resolveFailures(child, ['fetch']);
      } else if (!sub.ok) await deps.store.recordFailure({ input: child, stage: 'fetch', reason: sub.reason, detail: sub.detail, retryable: sub.retryable });
    }
  }
  const fresh = await unseenUrls(deps.queues, urls);
  if (fresh.length) await enqueueUrls(deps.queues, fresh, { feed: url, batch: `feed:${url}` });
  await markSeen(deps.queues, fresh);
  await deps.store.resolveFailures(url, ['fetch']);
  // articles, not listings: one listed twice, or under a tracking variant, or in two child sitemaps, is one
  return { ok: true, found: new Set(urls.map(canonicalUrl)).size, enqueued: fresh.length };
}
