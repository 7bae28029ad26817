// Failure values → retry decisions. Transient failures (timeouts, resets, 5xx, 429, an unreadable
// robots.txt, a store that is down) are retried with exponential backoff and jitter, or after the
// server's Retry-After; permanent ones (404, 410, robots, refused address, not HTML, too large, extraction
// refused) fail at once. Either way the processors have already written the failure row.
import { UnrecoverableError } from 'bullmq';
import type { FailureResult } from '../ingest/failure.js';

/** Tries of a job in all: the first and five retries (about 2 s, 4 s, 8 s, 16 s, 32 s later). */
export const ATTEMPTS = 6;
const BASE_MS = 2000;
const MAX_MS = 10 * 60_000;

/** A failure worth another try, with the wait the server asked for, if any. */
export class TransientFailure extends Error {
  override name = 'TransientFailure';
  constructor(
    message: string,
    readonly reason: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export function jobError(f: FailureResult): Error {
  const message = `${f.reason}: ${f.detail}`;
  if (!f.retryable) return new UnrecoverableError(message);
  return new TransientFailure(message, f.reason, f.retryAfterSec !== undefined ? f.retryAfterSec * 1000 : undefined);
}

/** The wait before try `attemptsMade + 1`: the server's Retry-After when it gave one, else 2 s doubling
 * each time, with ±25 % jitter so jobs that failed together do not return together; 10 minutes at most. */
export function backoffMs(attemptsMade: number, err?: Error, random: () => number = Math.random): number {
  // the cap holds after the jitter: a wait never goes past 10 minutes
  if (err instanceof TransientFailure && err.retryAfterMs !== undefined) return Math.min(err.retryAfterMs + Math.floor(random() * 250), MAX_MS);
  const base = Math.min(BASE_MS * 2 ** Math.max(0, attemptsMade - 1), MAX_MS);
  return Math.min(Math.round(base * (0.75 + random() * 0.5)), MAX_MS);
}

/** Job options every newsdesk job is added with. */
export const RETRY = { attempts: ATTEMPTS, backoff: { type: 'newsdesk' } } as const;
