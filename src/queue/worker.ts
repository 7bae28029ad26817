// The queue worker: BullMQ wraps the ingest processors (fetch, extract) and the feed poller; it does not
// replace them. Politeness is shared through Redis (one request per host among all workers, a minimum
// delay, Retry-After); extraction runs on the worker-thread pool, one thread per core, each document with a
// time limit; failures are rows in the store and retry decisions here.
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { DelayedError, type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Extractor } from '../ingest/extractor.js';
import { poolExtractor } from '../ingest/extractor.js';
import { createFetcher, type FetcherOptions } from '../ingest/fetcher.js';
import { extractStep, fetchStep } from '../ingest/process.js';
import { type Logger, silentLogger } from '../log.js';
import type { Store } from '../store/index.js';
import { jobCounts, openQueues, QUEUE_NAMES, type QueueName, type Queues } from './connection.js';
import { pollFeed } from './feed-poll.js';
import { createRedisGate } from './host-gate.js';
import { enqueueExtract } from './enqueue.js';
import { ExtractJob, FeedJob, FetchJob, type FetchOutcome } from './jobs.js';
import type { Metrics } from './metrics.js';
import { backoffMs, jobError, TransientFailure } from './retry.js';
import { redisRobotsStore } from './robots-store.js';

export interface WorkerOptions {
  redisUrl: string;
  /** @defaultValue 'newsdesk' */
  prefix?: string;
  /** @defaultValue all: fetch, extract, feeds */
  queues?: readonly QueueName[];
  /** Fetch jobs in flight at once (they mostly wait on the network). @defaultValue 8 */
  concurrency?: number;
  /** Extraction threads, and so extract jobs at once. @defaultValue the machine's cores */
  threads?: number;
  store: Store;
  /** Fetch limits and policy; politeness is the shared Redis gate's (minDelayMs is its delay). */
  fetch?: Omit<FetcherOptions, 'gate' | 'robotsStore'>;
  /** @defaultValue 30_000 */
  extractTimeoutMs?: number;
  /** A job's lock: a worker that dies holding it lets others take the job over after about this long.
   * @defaultValue 30_000 */
  lockMs?: number;
  /** An extractor to use instead of the pool (tests). */
  extractor?: Extractor;
  /** Multiplies the exponential retry backoff (2 s, 4 s, …), not a server's Retry-After: tests retry in
   * milliseconds. @defaultValue 1 */
  backoffScale?: number;
  logger?: Logger;
  metrics?: Metrics;
}

export interface RunningWorker {
  queues: Queues;
  workers: Worker[];
  /** Stops taking jobs, lets the running ones finish, then closes everything. */
  close(): Promise<void>;
}

// a turn further off than this: the job waits in the delayed set instead of holding a slot
const HOLD_MS = 250;

export function startWorker(opts: WorkerOptions): RunningWorker {
  const log = opts.logger ?? silentLogger();
  const metrics = opts.metrics;
  const queues = openQueues(opts.redisUrl, opts.prefix);
  const names = opts.queues ?? QUEUE_NAMES;
  const { store } = opts;
  const fetchOpts = opts.fetch ?? {};
  const gate = createRedisGate(queues.redis, { prefix: queues.key(), minDelayMs: fetchOpts.minDelayMs ?? 1000 });
  const fetcher = createFetcher({ ...fetchOpts, gate, robotsStore: redisRobotsStore(queues.redis, { prefix: queues.key() }) });
  const threads = Math.max(1, opts.threads ?? availableParallelism());
  const extractor = names.includes('extract') ? (opts.extractor ?? poolExtractor({ threads, timeoutMs: opts.extractTimeoutMs ?? 30_000 })) : undefined;
  const lockMs = opts.lockMs ?? 30_000;
  const backoffScale = Math.max(0, opts.backoffScale ?? 1);

  const common = {
    connection: queues.redis,
    prefix: queues.prefix,
    lockDuration: lockMs,
    stalledInterval: lockMs,
    maxStalledCount: 2,
    metrics: { maxDataPoints: 24 * 60 },
    settings: {
      backoffStrategy: (attemptsMade: number, _type?: string, err?: Error) =>
        err instanceof TransientFailure && err.retryAfterMs !== undefined ? backoffMs(attemptsMade, err) : Math.round(backoffMs(attemptsMade, err) * backoffScale),
    },
  };

  const fetchJob = async (job: Job, token?: string): Promise<FetchOutcome> => {
    const data = FetchJob.parse(job.data);
    const host = hostOf(data.url);
    // a job back from waiting for its turn keeps it; any other takes the next turn at its host among all
    // workers, and one that is far off waits in the delayed set, leaving the slot to other hosts
    const hasTurn = data.turnAt !== undefined && Date.now() >= data.turnAt - HOLD_MS;
    if (host && !hasTurn) {
      const turn = await gate.book(host);
      if (turn > HOLD_MS) {
        const turnAt = Date.now() + turn;
        await job.updateData({ ...data, turnAt });
        await job.moveToDelayed(turnAt, token);
        metrics?.jobsProcessed.inc({ queue: 'fetch', outcome: 'delayed' });
        throw new DelayedError();
      }
    }
    const t0 = performance.now();
    const r = await fetchStep(data.url, { store, fetcher });
    metrics?.fetchSeconds.observe({ outcome: r.ok ? 'ok' : 'failed' }, (performance.now() - t0) / 1000);
    if (!r.ok) {
      metrics?.failures.inc({ stage: r.stage, reason: r.reason });
      log.warn({ queue: 'fetch', input: r.input, reason: r.reason, detail: r.detail, attempt: job.attemptsMade + 1 }, 'fetch failed');
      throw jobError(r);
    }
    const id = await enqueueExtract(queues, { input: r.input, documentHash: r.documentHash, enqueuedAt: data.enqueuedAt, ...(data.batch ? { batch: data.batch } : {}) });
    return { documentHash: r.documentHash, extractJobId: id };
  };

  const extractJob = async (job: Job) => {
    const data = ExtractJob.parse(job.data);
    const t0 = performance.now();
    const r = await extractStep(store, data.input, data.documentHash, extractor);
    metrics?.extractSeconds.observe((performance.now() - t0) / 1000);
    if (!r.ok) {
      metrics?.failures.inc({ stage: r.stage, reason: r.reason });
      log.warn({ queue: 'extract', input: r.input, reason: r.reason, detail: r.detail, attempt: job.attemptsMade + 1 }, 'extract failed');
      throw jobError(r);
    }
    log.info({ input: r.input, id: r.id, claims: r.claims, ms: Math.round(performance.now() - t0), latencyMs: Date.now() - data.enqueuedAt }, 'stored');
    return { id: r.id, storedAt: Date.now() };
  };

  const feedJob = async (job: Job) => {
    const { url } = FeedJob.parse(job.data);
    const r = await pollFeed(url, { queues, store, fetcher });
    if (!r.ok) {
      metrics?.failures.inc({ stage: 'fetch', reason: r.reason });
      log.warn({ queue: 'feeds', input: url, reason: r.reason, detail: r.detail }, 'feed poll failed');
      throw jobError(r);
    }
    log.info({ feed: url, found: r.found, enqueued: r.enqueued }, 'feed polled');
    return { found: r.found, enqueued: r.enqueued };
  };

  const processors: Record<QueueName, { fn: (job: Job, token?: string) => Promise<unknown>; concurrency: number }> = {
    fetch: { fn: fetchJob, concurrency: opts.concurrency ?? 8 },
    // one job more than threads: while one is read or stored, its thread already extracts the next (the
    // pool's own queue starts a document's time limit only when a thread takes it)
    extract: { fn: extractJob, concurrency: threads + 1 },
    feeds: { fn: feedJob, concurrency: 2 },
  };

  const workers = names.map((name) => {
    const w = new Worker(name, processors[name].fn, { ...common, concurrency: processors[name].concurrency, autorun: false });
    w.on('completed', () => metrics?.jobsProcessed.inc({ queue: name, outcome: 'completed' }));
    w.on('failed', (job, err) => {
      const final = err instanceof UnrecoverableError || !job || job.attemptsMade >= (job.opts.attempts ?? 1);
      metrics?.jobsProcessed.inc({ queue: name, outcome: final ? 'failed' : 'retried' });
    });
    // connection trouble (Redis restarting): BullMQ reconnects by itself; say so once per error
    w.on('error', (err) => log.error({ queue: name, err: err.message }, 'worker error'));
    return w;
  });
  metrics?.setJobCounts(() => jobCounts(queues));
  // no job is taken before the extraction threads have read their models (seconds of CPU on a small machine):
  // a fetch's time limit must not run while they load
  let closing: Promise<void> | undefined;
  void (extractor?.ready?.() ?? Promise.resolve()).then(() => {
    if (closing) return;
    for (const w of workers) w.run().catch((err: Error) => log.error({ err: err.message }, 'worker stopped with an error'));
  });
  log.info({ queues: names, concurrency: processors.fetch.concurrency, threads, prefix: queues.prefix }, 'worker started');

  return {
    queues,
    workers,
    close() {
      closing ??= (async () => {
        // running jobs finish first: nothing is left half-done for the stalled-job check to redo
        await Promise.all(workers.map((w) => w.close()));
        await fetcher.close?.();
        if (extractor && !opts.extractor) await extractor.close();
        await queues.close();
        log.info('worker stopped');
      })();
      return closing;
    },
  };
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}
