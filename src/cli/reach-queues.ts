// The queues of a command, from the settings: refused without REDIS_URL, and waited for only so long.
import type { Config } from '../config.js';
import { openQueues, type Queues } from '../queue/connection.js';
import { stripCredentials } from '../url.js';
import { within } from '../within.js';
import { UsageError } from './usage.js';

export function queuesFor(cfg: Config, command: string): Queues {
  if (!cfg.redisUrl) throw new UsageError(`${command}: no Redis configured: give --redis-url or set REDIS_URL (newsdesk ingest needs no Redis)`);
  return openQueues(cfg.redisUrl, cfg.queuePrefix);
}

const REACH_MS = 5000;

/** The queues of a one-shot command, once Redis answers: its connection waits out a restart, so without this
 * a wrong address or a Redis that is down would hang the command silently. */
export async function reachedQueues(cfg: Config, command: string): Promise<Queues> {
  const queues = queuesFor(cfg, command);
  try {
    await within(queues.redis.ping(), REACH_MS, () => new Error(`${command}: cannot reach Redis at ${stripCredentials(cfg.redisUrl as string)} within ${REACH_MS / 1000} s (REDIS_URL or --redis-url)`));
  } catch (err) {
    queues.redis.disconnect(); // first: closing the queues would wait for the connection
    await queues.close().catch(() => {});
    throw err;
  }
  return queues;
}
