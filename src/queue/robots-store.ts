// robots.txt shared by all workers: the text of an origin's robots.txt ('' when it answered 4xx: all
// allowed) under `${prefix}:robots:${origin}`, expiring after ttlSec so changes are read again.
import type { Redis } from 'ioredis';
import type { RobotsStore } from '../ingest/robots.js';

export interface RedisRobotsStoreOptions {
  prefix: string;
  /** @defaultValue 3600 */
  ttlSec?: number;
}

export function redisRobotsStore(redis: Redis, opts: RedisRobotsStoreOptions): RobotsStore {
  const ttlSec = Math.max(1, Math.ceil(opts.ttlSec ?? 3600));
  const key = (origin: string) => `${opts.prefix}:robots:${origin}`;
  return {
    async get(origin) {
      return (await redis.get(key(origin))) ?? undefined;
    },
    async set(origin, robotsTxt) {
      await redis.set(key(origin), robotsTxt, 'EX', ttlSec);
    },
  };
}
