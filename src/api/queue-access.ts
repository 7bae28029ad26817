// The routes that need Redis: a clear 503 when the server runs without it, and one when Redis does not
// answer in time (its connection waits out restarts, so a call could otherwise hang the request).
import type { Queues } from '../queue/connection.js';
import { within } from '../within.js';
import type { ApiDeps } from './deps.js';
import { ApiError } from './errors.js';

export function needQueues(deps: ApiDeps, what: string): Queues {
  if (!deps.queues) throw new ApiError(503, `${what} live on the queue side: start newsdesk serve with REDIS_URL (or --redis-url)`);
  return deps.queues;
}

export function withinRedis<T>(deps: ApiDeps, work: Promise<T>): Promise<T> {
  return within(work, deps.redisTimeoutMs, () => new ApiError(503, `Redis did not answer within ${deps.redisTimeoutMs} ms`));
}
