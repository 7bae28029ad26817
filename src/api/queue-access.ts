// The routes that need Redis: a clear 503 when the server runs without it, and one when Redis does not
// answer in time (its connection waits out restarts, so a call could otherwise hang the request).
import type { Queues } from '../queue/connection.js';
import type { ApiDeps } from './deps.js';
import { ApiError } from './errors.js';

export function needQueues(deps: ApiDeps, what: string): Queues {
  if (!deps.queues) throw new ApiError(503, `${what} live on the queue side: start newsdesk serve with REDIS_URL (or --redis-url)`);
  return deps.queues;
}

export async function withinRedis<T>(deps: ApiDeps, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ApiError(503, `Redis did not answer within ${deps.redisTimeoutMs} ms`)), deps.redisTimeoutMs);
  });
  work.catch(() => {}); // answered late or never: its rejection must not go unhandled
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
