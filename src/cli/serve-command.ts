// `newsdesk serve`: the HTTP API until SIGINT/SIGTERM. With REDIS_URL, POST /urls queues for the workers;
// without it, URLs are fetched and extracted here (on a thread pool started at the first of them).
import { availableParallelism } from 'node:os';
import { ServeError, serveApi } from '../api/server.js';
import type { Config } from '../config.js';
import { createFetcher, type Extractor, poolExtractor } from '../ingest/index.js';
import { createLogger } from '../log.js';
import { fetchOptions } from './fetch-options.js';
import { openStore } from './open-store.js';
import { reachedQueues } from './reach-queues.js';
import { UsageError } from './usage.js';

/** A pool made when first used: a server that only queues or reads never loads the models. */
function lazyPool(threads: number, timeoutMs: number): Extractor {
  let pool: Extractor | undefined;
  return {
    run: (input, label) => {
      pool ??= poolExtractor({ threads, timeoutMs });
      return pool.run(input, label);
    },
    close: async () => pool?.close(),
  };
}

export async function serveCommand(cfg: Config): Promise<number> {
  const logger = createLogger({ name: 'newsdesk-serve' });
  const queues = cfg.redisUrl ? await reachedQueues(cfg, 'serve') : undefined;
  const store = await openStore(cfg).catch(async (err: unknown) => {
    await queues?.close();
    throw err;
  });
  const fetcher = createFetcher(fetchOptions(cfg));
  const extractor = lazyPool(Math.max(1, Math.min(cfg.threads ?? availableParallelism(), cfg.concurrency)), cfg.extractTimeoutMs);
  const release = async () => {
    await fetcher.close?.();
    await extractor.close();
    await queues?.close();
    await store.close();
  };
  let server: Awaited<ReturnType<typeof serveApi>>;
  try {
    server = await serveApi({ store, ...(queues ? { queues } : {}), logger, keys: cfg.apiKeys, fetcher, extractor, concurrency: cfg.concurrency }, { host: cfg.host, port: cfg.port });
  } catch (err) {
    await release();
    throw err instanceof ServeError ? new UsageError(`serve: ${err.message}`) : err;
  }
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  logger.info({ signal }, 'stopping: finishing the requests in hand');
  await server.close();
  await release();
  logger.info('stopped');
  return 0;
}
