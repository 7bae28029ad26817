// Prometheus metrics of one worker process. Each call makes its own Registry (not prom-client's global one),
// so tests and a process running several workers can hold separate sets. Queue sizes are read from Redis
// when scraped, not kept up to date by the worker.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { type Logger, silentLogger } from '../log.js';
import { within } from '../within.js';

/** Job counts per queue and state, as BullMQ's `queue.getJobCounts()` gives them for each queue. */
export type JobCounts = Record<string, Record<string, number>>;
export type JobOutcome = 'completed' | 'failed' | 'retried' | 'delayed';
export type FetchOutcome = 'ok' | 'failed';

export interface MetricsOptions {
  /** Prepended to every metric name, default 'newsdesk_'. */
  prefix?: string;
  /** Process metrics (CPU, memory, event loop, GC), default true. */
  collectDefault?: boolean;
  /** Where a failed job-count read or scrape is reported; default silent. */
  log?: Logger;
  /** How long a scrape waits for the job counts before leaving them out, default 5000 ms. */
  jobCountsTimeoutMs?: number;
}

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

export interface Metrics {
  registry: Registry;
  jobs: Gauge<'queue' | 'state'>;
  jobsProcessed: Counter<'queue' | 'outcome'>;
  fetchSeconds: Histogram<'outcome'>;
  extractSeconds: Histogram;
  failures: Counter<'stage' | 'reason'>;
  /** The source of the `jobs` gauge, called once per scrape; replaces the one set before. */
  setJobCounts(fn: () => Promise<JobCounts>): void;
  /** The registry in the Prometheus text exposition format. */
  text(): Promise<string>;
  /** GET /metrics on host:port (port 0: any free one); loopback unless the operator asks for more. */
  serve(port: number, host?: string): Promise<MetricsServer>;
}

// Pages answer in tens of milliseconds to the fetch time limit; extraction in milliseconds to the document limit.
const FETCH_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30];
const EXTRACT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function createMetrics(opts: MetricsOptions = {}): Metrics {
  const prefix = opts.prefix ?? 'newsdesk_';
  const log = opts.log ?? silentLogger();
  const timeoutMs = opts.jobCountsTimeoutMs ?? 5000;
  const registry = new Registry();
  const registers = [registry];
  if (opts.collectDefault ?? true) collectDefaultMetrics({ register: registry, prefix });

  let jobCounts: (() => Promise<JobCounts>) | undefined;
  const jobs: Gauge<'queue' | 'state'> = new Gauge({
    name: `${prefix}jobs`,
    help: 'Jobs in each queue by state, read from Redis at scrape time',
    labelNames: ['queue', 'state'] as const,
    registers,
    async collect() {
      if (!jobCounts) return;
      let counts: JobCounts;
      try {
        counts = await within(Promise.resolve().then(jobCounts), timeoutMs, () => new Error(`no answer in ${timeoutMs} ms`));
      } catch (err) {
        // The rest of the scrape still matters (a Redis outage is when the failure counters are wanted);
        // stale counts would mislead, so the gauge is left empty.
        log.warn({ err }, 'job counts unavailable for /metrics');
        jobs.reset();
        return;
      }
      jobs.reset(); // a queue or state that is gone disappears rather than keeping its last value
      for (const [queue, states] of Object.entries(counts)) {
        for (const [state, n] of Object.entries(states)) if (Number.isFinite(n)) jobs.set({ queue, state }, n);
      }
    },
  });

  const metrics: Metrics = {
    registry,
    jobs,
    jobsProcessed: new Counter({
      name: `${prefix}jobs_processed_total`,
      help: 'Jobs finished by this worker, by queue and outcome (completed, failed, retried, delayed)',
      labelNames: ['queue', 'outcome'] as const,
      registers,
    }),
    fetchSeconds: new Histogram({
      name: `${prefix}fetch_duration_seconds`,
      help: 'Time to fetch a page, by outcome (ok, failed)',
      labelNames: ['outcome'] as const,
      buckets: FETCH_BUCKETS,
      registers,
    }),
    extractSeconds: new Histogram({
      name: `${prefix}extract_duration_seconds`,
      help: 'Time to extract a record from a fetched page',
      buckets: EXTRACT_BUCKETS,
      registers,
    }),
    failures: new Counter({
      name: `${prefix}failures_total`,
      help: 'Failures by pipeline stage and reason',
      labelNames: ['stage', 'reason'] as const,
      registers,
    }),
    setJobCounts(fn) {
      jobCounts = fn;
    },
    text: () => registry.metrics(),
    serve: (port, host = '127.0.0.1') => serveMetrics(metrics, log, port, host),
  };
  return metrics;
}

async function serveMetrics(metrics: Metrics, log: Logger, port: number, host: string): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
      return;
    }
    metrics.text().then(
      (body) => {
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      (err: unknown) => {
        log.error({ err }, 'metrics scrape failed');
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('scrape failed\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => log.error({ err }, 'metrics server error'));
  let closing: Promise<void> | undefined;
  return {
    port: (server.address() as AddressInfo).port,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections(); // a scraper's keep-alive connection would otherwise hold the port
      });
      return closing;
    },
  };
}
