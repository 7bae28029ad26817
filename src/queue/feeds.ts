// The feeds an operator follows: one BullMQ job scheduler per feed (its id from the feed's canonical URL),
// producing a poll job every interval. The schedulers live in Redis with the queues.
import type { Queues } from './connection.js';
import { canonicalUrl, feedJobId } from './jobs.js';

export interface FollowedFeed {
  url: string;
  everyMs: number;
  /** When it is polled next (ms since the epoch), when known. */
  next: number | null;
}

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "90s", "10m", "1h", "1d" → milliseconds; at least a minute, so a feed is never hammered. */
export function parseEvery(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)$/.exec(text.trim());
  if (!m) throw new Error(`--every ${JSON.stringify(text)}: expected a number and a unit, e.g. 90s, 10m, 1h or 1d`);
  const ms = Number(m[1]) * (UNITS[m[2] as string] as number);
  if (ms < 60_000) throw new Error(`--every ${text}: a feed is polled at most once a minute`);
  return Math.round(ms);
}

export async function addFeed(queues: Queues, rawUrl: string, everyMs: number): Promise<FollowedFeed> {
  const url = canonicalUrl(rawUrl);
  if (!/^https?:\/\//i.test(url)) throw new Error(`${rawUrl}: a feed is an http(s) URL`);
  // the first poll is produced at once, then one each interval
  await queues.feeds.upsertJobScheduler(feedJobId(url), { every: everyMs }, { name: 'poll', data: { url }, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } });
  return { url, everyMs, next: null };
}

export async function listFeeds(queues: Queues): Promise<FollowedFeed[]> {
  const schedulers = await queues.feeds.getJobSchedulers(0, -1, true);
  return schedulers
    .map((s) => ({ url: String((s.template?.data as { url?: string } | undefined)?.url ?? s.key), everyMs: Number(s.every ?? 0), next: s.next ?? null }))
    .sort((a, b) => a.url.localeCompare(b.url));
}

/** True when the feed was followed. */
export async function removeFeed(queues: Queues, rawUrl: string): Promise<boolean> {
  return queues.feeds.removeJobScheduler(feedJobId(canonicalUrl(rawUrl)));
}
