// The queue side of the command line: enqueue, worker, status, reprocess, retry-failed, feeds. Each is a
// thin shell over src/queue; `ingest` stays the embedded default that needs no Redis.
import { availableParallelism } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import cliProgress from 'cli-progress';
import type { Config } from '../config.js';
import { modelIds } from '../extract/models.js';
import { expandInputs, poolExtractor } from '../ingest/index.js';
import { reprocessStored } from '../ingest/reprocess.js';
import { createLogger } from '../log.js';
import { waitForBatch } from '../queue/batch.js';
import { QUEUE_NAMES, type QueueName } from '../queue/connection.js';
import { enqueueExtract, enqueueUrls } from '../queue/enqueue.js';
import { addFeed, listFeeds, parseEvery, removeFeed } from '../queue/feeds.js';
import { createMetrics } from '../queue/metrics.js';
import { formatStatus, queueStatus } from '../queue/status.js';
import { startWorker } from '../queue/worker.js';
import { EXTRACTOR } from '../version.js';
import { fetchOptions } from './fetch-options.js';
import { openStore } from './open-store.js';
import { queuesFor, reachedQueues } from './reach-queues.js';
import { UsageError } from './usage.js';


type Err = Writable & { isTTY?: boolean };

async function readLines(stream: Readable): Promise<string[]> {
  let text = '';
  for await (const chunk of stream) text += chunk;
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}

export interface EnqueueFlags {
  wait?: boolean;
  refetch?: boolean;
}

/** URLs, files listing URLs, or `-` (URLs on stdin) → fetch jobs. Pages on disk are for `ingest`. */
export async function enqueueCommand(args: string[], flags: EnqueueFlags, cfg: Config, stdin: Readable, out: Writable, err: Err): Promise<number> {
  const fromStdin = args.includes('-') ? await readLines(stdin) : [];
  const items = await expandInputs([...args.filter((a) => a !== '-'), ...fromStdin], { onFile: (file, readAs) => err.write(`newsdesk enqueue: ${file}: read as ${readAs}\n`) });
  let code = 0;
  const urls: string[] = [];
  for (const item of items) {
    if (item.kind === 'url') urls.push(item.input);
    else {
      code = 1;
      const why = item.kind === 'bad' ? `${item.failure.reason}: ${item.failure.detail.replace(`${item.input}: `, '')}` : 'a page on disk is not fetched: use newsdesk ingest for files';
      err.write(`newsdesk enqueue: ${item.input}: ${why}\n`);
    }
  }
  const queues = await reachedQueues(cfg, 'enqueue');
  try {
    const { batch, jobs } = await enqueueUrls(queues, urls, { refetch: flags.refetch ?? false });
    const added = jobs.filter((j) => j.added).length;
    err.write(`newsdesk enqueue: ${added} queued, ${jobs.length - added} already queued or fetched${jobs.length - added && !flags.refetch ? ' (--refetch fetches them again)' : ''}; batch ${batch}\n`);
    if (!flags.wait) return code;
    const bar = err.isTTY ? new cliProgress.SingleBar({ stream: err, format: 'enqueue [{bar}] {value}/{total} stored {stored} failed {failed}' }, cliProgress.Presets.shades_classic) : null;
    bar?.start(jobs.length, 0, { stored: 0, failed: 0 });
    const result = await waitForBatch(queues, jobs.map((j) => j.jobId), (p) => bar?.update(p.done, { stored: p.stored, failed: p.failed }));
    bar?.stop();
    for (const f of result.failures) err.write(`newsdesk enqueue: ${f.input}: ${f.reason}\n`);
    out.write(`${JSON.stringify({ batch, total: result.total, stored: result.stored, failed: result.failed })}\n`);
    return result.failed ? 1 : code;
  } finally {
    await queues.close();
  }
}

export interface WorkerFlags {
  queues?: string;
}

/** Runs until SIGINT or SIGTERM, then finishes the jobs in hand and exits. */
export async function workerCommand(flags: WorkerFlags, cfg: Config, err: Err): Promise<number> {
  const names = (flags.queues ?? QUEUE_NAMES.join(',')).split(',').map((q) => q.trim()) as QueueName[];
  const unknown = names.filter((n) => !QUEUE_NAMES.includes(n));
  if (unknown.length) throw new UsageError(`worker: --queues ${unknown.join(',')}: unknown (fetch, extract, feeds)`);
  if (!cfg.databaseUrl) throw new UsageError('worker: workers share PostgreSQL: give --database-url or set DATABASE_URL (the embedded store serves one process, as in newsdesk ingest)');
  const queuesCheck = queuesFor(cfg, 'worker');
  await queuesCheck.close();
  const logger = createLogger({ name: 'newsdesk-worker' });
  const store = await openStore(cfg);
  const metrics = createMetrics({ log: logger });
  const server = cfg.metricsPort !== undefined ? await metrics.serve(cfg.metricsPort) : undefined;
  if (server) logger.info({ port: server.port }, `metrics on http://127.0.0.1:${server.port}/metrics`);
  const worker = startWorker({
    redisUrl: cfg.redisUrl as string,
    prefix: cfg.queuePrefix,
    queues: names,
    concurrency: cfg.concurrency,
    threads: cfg.threads ?? availableParallelism(),
    store,
    extractTimeoutMs: cfg.extractTimeoutMs,
    lockMs: cfg.lockMs,
    fetch: fetchOptions(cfg),
    logger,
    metrics,
  });
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'stopping: finishing the jobs in hand');
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await worker.close();
  await server?.close();
  await store.close();
  err.write('');
  return 0;
}

export interface StatusFlags {
  json?: boolean;
  watch?: boolean;
}

export async function statusCommand(flags: StatusFlags, cfg: Config, out: Writable & { isTTY?: boolean }): Promise<number> {
  const queues = await reachedQueues(cfg, 'status');
  const store = await openStore(cfg).catch(() => null); // the queues alone are worth showing
  try {
    for (;;) {
      const s = await queueStatus(queues, store);
      if (flags.json) out.write(`${JSON.stringify(s)}\n`);
      else out.write(`${flags.watch && out.isTTY ? '\x1b[2J\x1b[H' : ''}${formatStatus(s)}`);
      if (!flags.watch) return 0;
      const stopped = await new Promise<boolean>((resolve) => {
        const t = setTimeout(() => resolve(false), 2000);
        process.once('SIGINT', () => {
          clearTimeout(t);
          resolve(true);
        });
      });
      if (stopped) return 0;
    }
  } finally {
    await store?.close();
    await queues.close();
  }
}

export interface ReprocessFlags {
  all?: boolean;
  since?: string;
  stale?: boolean;
}

/** Re-extracts stored documents, never fetching: on the queue when Redis is configured, else here on the
 * worker-thread pool. */
export async function reprocessCommand(flags: ReprocessFlags, cfg: Config, err: Err): Promise<number> {
  const chosen = [flags.all, flags.since !== undefined, flags.stale].filter(Boolean).length;
  if (chosen !== 1) throw new UsageError('reprocess: give one of --all, --since DATE or --stale');
  if (flags.since !== undefined && Number.isNaN(Date.parse(flags.since))) throw new UsageError(`reprocess: --since ${JSON.stringify(flags.since)}: expected a date, e.g. 2026-11-01`);
  const store = await openStore(cfg);
  const filter = flags.stale ? { stale: { version: EXTRACTOR.version, models: modelIds() } } : flags.since ? { since: flags.since } : {};
  let count = 0;
  let failed = 0;
  try {
    if (cfg.redisUrl) {
      const queues = await reachedQueues(cfg, 'reprocess');
      const stamp = Date.now().toString(36);
      try {
        for await (const s of store.storedInputs(filter)) {
          // a new id: the document's earlier extract job is done and would swallow an add under its id
          await enqueueExtract(queues, { input: s.input, documentHash: s.documentHash, enqueuedAt: Date.now() }, stamp);
          count++;
        }
      } finally {
        await queues.close();
      }
      err.write(`newsdesk reprocess: ${count} documents queued for extraction\n`);
      return 0;
    }
    const lanes = Math.max(1, Math.min(cfg.concurrency, availableParallelism()));
    const extractor = poolExtractor({ threads: lanes, timeoutMs: cfg.extractTimeoutMs });
    try {
      ({ count, failed } = await reprocessStored(store, filter, extractor, lanes, (r) => err.write(`newsdesk reprocess: ${r.input}: ${r.reason}: ${r.detail}\n`)));
    } finally {
      await extractor.close();
    }
    if (count > failed) await store.analyze();
    err.write(`newsdesk reprocess: re-extracted ${count - failed} of ${count}${failed ? `, failed ${failed}` : ''}\n`);
    return failed ? 1 : 0;
  } finally {
    await store.close();
  }
}

/** Open fetch, extract and store failures → queued again (a stored document is re-extracted, not fetched). */
export async function retryFailedCommand(flags: { reason?: string }, cfg: Config, err: Err): Promise<number> {
  const queues = await reachedQueues(cfg, 'retry-failed');
  // a store that cannot be opened: the Redis connection is closed too, or it would keep the process alive
  const store = await openStore(cfg).catch(async (e: unknown) => {
    await queues.close();
    throw e;
  });
  try {
    const rows = (await store.failures({ ...(flags.reason ? { reason: flags.reason } : {}), limit: 100_000 })).filter((f) => f.stage !== 'input' && /^https?:\/\//i.test(f.input));
    const refetch: string[] = [];
    let reextract = 0;
    const stamp = Date.now().toString(36);
    for (const f of rows) {
      const doc = f.stage === 'fetch' ? null : await store.fetchedDocument(f.input);
      if (doc) {
        await enqueueExtract(queues, { input: f.input, documentHash: doc, enqueuedAt: Date.now() }, stamp);
        reextract++;
      } else refetch.push(f.input);
    }
    const { jobs } = await enqueueUrls(queues, [...new Set(refetch)], { refetch: true });
    err.write(`newsdesk retry-failed: ${jobs.filter((j) => j.added).length} queued to fetch again, ${reextract} to extract again${flags.reason ? ` (reason ${flags.reason})` : ''}\n`);
    return 0;
  } finally {
    await store.close();
    await queues.close();
  }
}

export async function feedsCommand(action: string, url: string | undefined, flags: { every?: string }, cfg: Config, out: Writable): Promise<number> {
  if (!['add', 'list', 'remove'].includes(action)) throw new UsageError(`feeds: unknown action ${JSON.stringify(action)} (add, list or remove)`);
  if (action !== 'list' && !url) throw new UsageError(`feeds ${action}: give the feed's URL`);
  const everyMs = action === 'add' ? parseEvery(flags.every ?? '10m') : 0;
  const queues = await reachedQueues(cfg, 'feeds');
  try {
    if (action === 'add') {
      const feed = await addFeed(queues, url as string, everyMs);
      out.write(`following ${feed.url} every ${flags.every ?? '10m'}\n`);
    } else if (action === 'remove') {
      if (!(await removeFeed(queues, url as string))) {
        out.write(`${url}: not followed\n`);
        return 1;
      }
      out.write(`no longer following ${url}\n`);
    } else {
      for (const f of await listFeeds(queues)) out.write(`${f.url}\tevery ${Math.round(f.everyMs / 60_000)}m${f.next ? `\tnext ${new Date(f.next).toISOString()}` : ''}\n`);
    }
    return 0;
  } finally {
    await queues.close();
  }
}
