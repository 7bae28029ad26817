// What the routes are given: the store, the queues when Redis is configured, and how to fetch and extract
// when URLs are processed here instead. One object, made once by createApp.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Extractor } from '../ingest/extractor.js';
import type { Fetcher } from '../ingest/fetcher.js';
import type { Logger } from '../log.js';
import type { Queues } from '../queue/connection.js';
import type { Metrics } from '../queue/metrics.js';
import type { Store } from '../store/index.js';
import type { ApiEnv } from './auth.js';
import type { ApiKey } from './keys.js';

export interface AppDeps {
  store: Store;
  /** The queue side: POST /urls enqueues, /jobs and /feeds work. Without it URLs are processed inline. */
  queues?: Queues;
  /** @defaultValue () => new Date() */
  clock?: () => Date;
  /** @defaultValue silent */
  logger?: Logger;
  /** With keys, every route but /healthz needs one (auth.ts). @defaultValue none: open */
  keys?: ApiKey[];
  /** Fetches URLs processed inline (no queues). @defaultValue createFetcher() with its safe defaults */
  fetcher?: Fetcher;
  /** Extracts URLs processed inline. @defaultValue extraction on the server's own thread */
  extractor?: Extractor;
  /** URLs of one request processed inline at once. @defaultValue 4 */
  concurrency?: number;
  /** /metrics. @defaultValue a registry of its own (createMetrics) with process metrics */
  metrics?: Metrics;
  /** Largest request body in bytes. @defaultValue 1 MiB */
  maxBodyBytes?: number;
  /** How long a route waits for Redis before answering 503. @defaultValue 10_000 */
  redisTimeoutMs?: number;
}

export type ApiDeps = Required<Pick<AppDeps, 'store' | 'clock' | 'logger' | 'keys' | 'fetcher' | 'extractor' | 'concurrency' | 'metrics' | 'maxBodyBytes' | 'redisTimeoutMs'>> & Pick<AppDeps, 'queues'>;

export type ApiApp = OpenAPIHono<ApiEnv>;
