// Politeness across processes: one request in flight per host among all workers, and at least minDelayMs
// from the end of one request to the start of the next. State lives in one Redis hash per host, read and
// written only by Lua scripts that take the time from Redis (TIME), so workers with skewed clocks agree:
//   owner  token of the lock holder        until  when the lock lapses (a crashed holder frees the host;
//                                                 a live one renews it while its request runs)
//   next   earliest start of the next request (end of the last one + minDelayMs, or a pause)
//   booked when the next turn not yet handed out begins (see BOOK)
//   start, avg  when the current request began; the smoothed duration of the host's requests
// The hash expires once none of these matters any more, so idle hosts cost nothing.
import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { type Clock, type Gate, systemClock } from '../ingest/politeness.js';

export interface RedisGateOptions {
  /** Keys are `${prefix}:host:${host}`. */
  prefix: string;
  minDelayMs: number;
  /** How long a lock lasts unrenewed: a holder that crashed mid-request frees the host after about this
   * long. `run` renews it every third of it while its request lasts, however long that is.
   * @defaultValue 5_000 */
  lockTtlMs?: number;
  /** How often a waiter looks again while the host is busy, at least. @defaultValue 50 */
  pollMs?: number;
  /** Sleeps between attempts (times themselves come from Redis). */
  clock?: Clock;
}

export type TakeResult = { taken: true; token: string } | { taken: false; waitMs: number };

export interface RedisGate extends Gate {
  /**
   * How long from now before the host could be taken (0: free and rested), without taking it. While a
   * request is on the wire the end is unknown: then the least it can be, max(minDelayMs, pollMs).
   */
  waitMs(host: string): Promise<number>;
  pause(host: string, ms: number): Promise<void>;
  /** Reserves the next turn at the host among all workers: the ms from now until it comes (0: now). */
  book(host: string): Promise<number>;
  /** One attempt to take the host; the token releases it. `run` is built from this and `release`. */
  tryTake(host: string): Promise<TakeResult>;
  /** Releases the host if the token still holds it, and rests it for minDelayMs from now either way. */
  release(host: string, token: string): Promise<void>;
}

// Shared head of every script: the server's time in ms, the host's state, and two helpers.
const PRELUDE = `
local key = KEYS[1]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', key, 'owner', 'until', 'next', 'booked')
local owner = state[1]
local lockUntil = tonumber(state[2]) or 0
local nextAt = tonumber(state[3]) or 0
local booked = tonumber(state[4]) or 0
if lockUntil <= now then owner = false end
-- a lower bound on the wait: a busy host is not free before its request ends and rests (busyMs),
-- nor after its lock lapses
local function wait(busyMs)
  local w = nextAt - now
  if owner then w = math.max(w, math.min(lockUntil - now, busyMs)) end
  return math.max(w, 0)
end
-- the hash lives while its lock, its rest or its bookings last
local function keep()
  local ms = math.max(nextAt, booked, owner and lockUntil or 0) - now
  if ms > 0 then redis.call('PEXPIRE', key, ms) else redis.call('DEL', key) end
end
`;

// ARGV: token, lockTtlMs, busyMs → 0 when taken, else the ms to wait
const TAKE = `${PRELUDE}
local w = wait(tonumber(ARGV[3]))
if w > 0 then return w end
owner = ARGV[1]
lockUntil = now + tonumber(ARGV[2])
redis.call('HSET', key, 'owner', owner, 'until', lockUntil, 'start', now)
keep()
return 0`;

// ARGV: token, lockTtlMs → 1 when the token still held the lock and it was extended, else 0
const RENEW = `${PRELUDE}
if owner ~= ARGV[1] then return 0 end
lockUntil = now + tonumber(ARGV[2])
redis.call('HSET', key, 'until', lockUntil)
keep()
return 1`;

// ARGV: busyMs
const PEEK = `${PRELUDE}
return wait(tonumber(ARGV[1]))`;

// ARGV: token, minDelayMs. A lapsed holder still rests the host: its request has only just ended.
const RELEASE = `${PRELUDE}
if owner == ARGV[1] then
  -- how long the host's requests take, smoothed: what a booking reserves beside the delay
  local start = tonumber(redis.call('HGET', key, 'start'))
  if start then
    local avg = tonumber(redis.call('HGET', key, 'avg'))
    local took = now - start
    redis.call('HSET', key, 'avg', avg and math.floor(avg * 0.8 + took * 0.2) or took)
  end
  redis.call('HDEL', key, 'owner', 'until', 'start')
  owner = false
end
nextAt = math.max(nextAt, now + tonumber(ARGV[2]))
redis.call('HSET', key, 'next', nextAt)
keep()
return 0`;

// ARGV: busyMs, minDelayMs → ms from now until the caller's turn. Turns are handed out in order, each
// a request's smoothed duration plus the delay after the last one booked, so a thousand jobs for one host
// wait in the delayed set for their own turn instead of all polling the host.
const BOOK = `${PRELUDE}
local avg = tonumber(redis.call('HGET', key, 'avg')) or 0
local slot = math.max(now + wait(tonumber(ARGV[1])), booked)
booked = slot + tonumber(ARGV[2]) + avg
redis.call('HSET', key, 'booked', booked)
keep()
return slot - now`;

// ARGV: ms
const PAUSE = `${PRELUDE}
nextAt = math.max(nextAt, now + tonumber(ARGV[1]))
redis.call('HSET', key, 'next', nextAt)
keep()
return 0`;

/** A script run by its SHA, sent in full only when the server does not know it yet. */
function script(source: string) {
  const sha = createHash('sha1').update(source).digest('hex');
  return async (redis: Redis, key: string, ...args: (string | number)[]): Promise<number> => {
    try {
      return Number(await redis.evalsha(sha, 1, key, ...args));
    } catch (err) {
      if (!String((err as Error).message).startsWith('NOSCRIPT')) throw err;
      return Number(await redis.eval(source, 1, key, ...args));
    }
  };
}

const take = script(TAKE);
const peek = script(PEEK);
const release = script(RELEASE);
const renew = script(RENEW);
const pause = script(PAUSE);
const book = script(BOOK);

export function createRedisGate(redis: Redis, opts: RedisGateOptions): RedisGate {
  const lockTtlMs = Math.ceil(opts.lockTtlMs ?? 5_000);
  const pollMs = Math.max(1, Math.ceil(opts.pollMs ?? 50));
  const minDelayMs = Math.max(0, Math.ceil(opts.minDelayMs));
  // a busy host cannot start again sooner than this; waiting that long saves useless polls
  const busyMs = Math.max(minDelayMs, pollMs);
  const clock = opts.clock ?? systemClock;
  const key = (host: string) => `${opts.prefix}:host:${host}`;

  const gate: RedisGate = {
    async tryTake(host) {
      const token = randomUUID();
      const waitMs = await take(redis, key(host), token, lockTtlMs, busyMs);
      return waitMs === 0 ? { taken: true, token } : { taken: false, waitMs };
    },

    async release(host, token) {
      await release(redis, key(host), token, minDelayMs);
    },

    waitMs: (host) => peek(redis, key(host), busyMs),

    book: (host) => book(redis, key(host), busyMs, minDelayMs),

    async pause(host, ms) {
      await pause(redis, key(host), Math.max(0, Math.ceil(ms)));
    },

    async run<T>(host: string, fn: () => Promise<T>): Promise<T> {
      let token: string;
      for (;;) {
        const attempt = await gate.tryTake(host);
        if (attempt.taken) {
          token = attempt.token;
          break;
        }
        // the wait is a lower bound (or pollMs while busy), so sleeping all of it skips only failing attempts
        await clock.sleep(attempt.waitMs);
      }
      // a short lock kept alive while fn runs: a slow request keeps the host, a dead process frees it soon
      const renewal = setInterval(
        () => {
          renew(redis, key(host), token, lockTtlMs).catch(() => {}); // Redis away: the lock may lapse, no more
        },
        Math.max(1, Math.floor(lockTtlMs / 3)),
      );
      let result: T;
      try {
        result = await fn();
      } catch (err) {
        clearInterval(renewal);
        // fn's error is the one worth reporting; a lock that cannot be released lapses on its own
        await gate.release(host, token).catch(() => {});
        throw err;
      }
      clearInterval(renewal);
      await gate.release(host, token);
      return result;
    },
  };
  return gate;
}
