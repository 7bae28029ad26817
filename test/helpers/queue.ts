// Queue tests on the real Redis (127.0.0.1:6379) and PostgreSQL: each test its own key prefix and schema,
// both removed afterwards; a worker started in this process with short locks, no politeness delay and
// retries in milliseconds.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { inProcessExtractor } from '../../src/ingest/extractor.js';
import { deleteKeysUnder, openQueues, type Queues } from '../../src/queue/connection.js';
import { type RunningWorker, startWorker, type WorkerOptions } from '../../src/queue/worker.js';
import { Store } from '../../src/store/index.js';
import { dropSchema, newSchemaName, POSTGRES_URL } from './services.js';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const newPrefix = (): string => `nd-test-${randomUUID().slice(0, 12)}`;

/** Deletes every key under the prefix (SCAN, not KEYS: the Redis is shared). */
export async function dropPrefix(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    await deleteKeysUnder(redis, prefix);
  } finally {
    redis.disconnect();
  }
}

export interface QueueEnv {
  prefix: string;
  schema: string;
  store: Store;
  /** The test's own handle on the queues (the worker has its own). */
  queues: Queues;
  /** Runs SQL in the test's schema. */
  sql<T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, params?: unknown[]): Promise<T[]>;
  /** A worker on this prefix and store; stopped by cleanup if the test has not stopped it. */
  worker(opts?: Partial<WorkerOptions>): RunningWorker;
  cleanup(): Promise<void>;
}

/** A prefix, a schema with the store's tables, and the queues on them. */
export async function openQueueEnv(): Promise<QueueEnv> {
  const prefix = newPrefix();
  const schema = newSchemaName();
  const store = await Store.open({ databaseUrl: POSTGRES_URL, schema });
  const queues = openQueues(REDIS_URL, prefix);
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query(`SET search_path TO ${schema}`);
  const workers: RunningWorker[] = [];
  return {
    prefix,
    schema,
    store,
    queues,
    sql: async (text, params) => (await client.query(text, params)).rows,
    worker(opts = {}) {
      const w = startWorker({
        redisUrl: REDIS_URL,
        prefix,
        store,
        threads: 1,
        concurrency: 4,
        // short locks: a job lost by a closed worker comes back soon; long enough for a slow fetch
        lockMs: 5000,
        backoffScale: 0.05,
        extractor: inProcessExtractor(),
        ...opts,
        fetch: { allowPrivateHosts: true, minDelayMs: 0, ...opts.fetch },
      });
      workers.push(w);
      return w;
    },
    async cleanup() {
      await Promise.all(workers.map((w) => w.close().catch(() => {})));
      await queues.close().catch(() => {});
      await client.end().catch(() => {});
      await store.close().catch(() => {});
      await dropSchema(schema);
      await dropPrefix(prefix);
    },
  };
}

/** Polls until `check` returns a value other than undefined/false, or fails with `what` after timeoutMs. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Waits for a job to be completed or failed for good (a job to be retried is delayed, not failed). */
export async function waitForJob(queue: Queue, jobId: string, timeoutMs = 20_000): Promise<Job> {
  return waitFor(
    `job ${jobId} of ${queue.name} to finish`,
    async () => {
      const job = await queue.getJob(jobId);
      if (!job) return undefined;
      const state = await job.getState();
      // read again once finished: the copy read while it ran has no return value or failure yet
      return state === 'completed' || state === 'failed' ? await queue.getJob(jobId) : undefined;
    },
    timeoutMs,
  );
}
