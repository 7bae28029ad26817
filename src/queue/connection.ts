// The queues and their Redis connection. Every key lives under one prefix (BullMQ's own and ours), so one
// Redis can hold several deployments, and each test its own.
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { ExtractJob, FeedJob, FetchJob } from './jobs.js';

export const QUEUE_NAMES = ['fetch', 'extract', 'feeds'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** A connection that waits out a Redis restart instead of failing: BullMQ needs maxRetriesPerRequest null
 * on the connections its workers block on. */
export function redisClient(url: string): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 5), 2000),
  });
  // ioredis reconnects on its own; without a listener an outage would crash the process
  redis.on('error', () => {});
  return redis;
}

/** Deletes every key under `prefix:` (SCAN and UNLINK, so a shared Redis is not blocked): a test's or a
 * benchmark's queues, gone. */
export async function deleteKeysUnder(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== '0');
}

/** Jobs per queue and state, as the metrics' job gauge reads them. */
export async function jobCounts(queues: Queues): Promise<Record<QueueName, Record<string, number>>> {
  return Object.fromEntries(await Promise.all(QUEUE_NAMES.map(async (n) => [n, await queues[n].getJobCounts()] as const))) as Record<QueueName, Record<string, number>>;
}

export interface Queues {
  prefix: string;
  redis: Redis;
  fetch: Queue<FetchJob>;
  extract: Queue<ExtractJob>;
  feeds: Queue<FeedJob>;
  /** Our own keys (seen URLs, host locks, robots.txt) under the same prefix. */
  key(...parts: string[]): string;
  close(): Promise<void>;
}

// completed jobs are kept a week: their ids are what makes a URL enqueued twice fetched once
const DAY = 24 * 3600;
export const KEEP = { removeOnComplete: { age: 7 * DAY, count: 200_000 }, removeOnFail: { age: 30 * DAY, count: 200_000 } };

export function openQueues(redisUrl: string, prefix = 'newsdesk'): Queues {
  const redis = redisClient(redisUrl);
  const opts = { connection: redis, prefix };
  const fetch = new Queue<FetchJob>('fetch', opts);
  const extract = new Queue<ExtractJob>('extract', opts);
  const feeds = new Queue<FeedJob>('feeds', opts);
  for (const q of [fetch, extract, feeds]) q.on('error', () => {});
  return {
    prefix,
    redis,
    fetch,
    extract,
    feeds,
    key: (...parts) => [prefix, 'nd', ...parts].join(':'),
    async close() {
      await Promise.all([fetch.close(), extract.close(), feeds.close()]);
      redis.disconnect();
    },
  };
}
