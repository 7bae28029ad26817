// Settings, each declared once: its schema (type and default), environment variable, flag and help.
// Precedence: flags > environment > defaults. A bad value is refused with the flag or variable named.
import { z } from 'zod';
import { ApiKeys } from './api/keys.js';

const bool = z.union([z.boolean(), z.enum(['1', 'true', 'yes', '0', 'false', 'no', '']).transform((v) => ['1', 'true', 'yes'].includes(v))], {
  error: 'expected 1, true, yes, 0, false or no',
});
const ms = z.coerce.number({ error: 'expected a number of milliseconds' }).int('expected a whole number of milliseconds');

export const SETTINGS = {
  dataDir: { schema: z.string().default('./newsdesk-data'), env: 'NEWSDESK_DATA_DIR', flag: '--data-dir <dir>', help: 'PGlite data folder' },
  databaseUrl: { schema: z.string().optional(), env: 'DATABASE_URL', flag: '--database-url <url>', help: 'PostgreSQL connection string instead of PGlite' },
  dbSchema: {
    schema: z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/, 'expected a lower-case SQL name')
      .optional(),
    env: 'NEWSDESK_DB_SCHEMA',
    flag: '--db-schema <name>',
    help: 'PostgreSQL schema holding the tables (created if missing)',
  },
  redisUrl: { schema: z.string().optional(), env: 'REDIS_URL', flag: '--redis-url <url>', help: 'Redis for the queues (enqueue, worker, status, feeds); ingest needs none' },
  queuePrefix: { schema: z.string().regex(/^[\w.-]+$/, 'expected letters, digits, _ . or -').default('newsdesk'), env: 'NEWSDESK_QUEUE_PREFIX', flag: '--queue-prefix <name>', help: 'prefix of every Redis key, so one Redis can serve several deployments' },
  threads: { schema: z.coerce.number().int().positive('expected a whole number above 0').optional(), env: 'NEWSDESK_THREADS', flag: '--threads <n>', help: 'extraction threads of a worker (default: one per core)' },
  metricsPort: { schema: z.coerce.number().int().min(0).max(65535, 'expected a port number').optional(), env: 'NEWSDESK_METRICS_PORT', flag: '--metrics-port <port>', help: 'serve Prometheus metrics of a worker on 127.0.0.1:PORT/metrics' },
  lockMs: { schema: ms.min(1000, 'expected 1000 ms or more').default(30_000), env: 'NEWSDESK_LOCK_MS', flag: '--lock <ms>', help: 'job lock of a worker: jobs of a worker that died are taken over after about this long' },
  allowPrivateHosts: { schema: bool.default(false), env: 'NEWSDESK_ALLOW_PRIVATE_HOSTS', flag: '--allow-private-hosts', help: 'also fetch private, loopback and link-local addresses' },
  concurrency: { schema: z.coerce.number().int().positive('expected a whole number above 0').default(4), env: 'NEWSDESK_CONCURRENCY', flag: '--concurrency <n>', help: 'items in flight at once' },
  minDelayMs: { schema: ms.nonnegative('expected 0 or more milliseconds').default(1000), env: 'NEWSDESK_MIN_DELAY_MS', flag: '--min-delay <ms>', help: 'minimum pause between requests to one host' },
  maxBytes: { schema: z.coerce.number().int().positive('expected a number of bytes above 0').default(5_000_000), env: 'NEWSDESK_MAX_BYTES', flag: '--max-bytes <n>', help: 'largest page fetched, in bytes (after decompression)' },
  timeoutMs: { schema: ms.positive('expected milliseconds above 0').default(30_000), env: 'NEWSDESK_TIMEOUT_MS', flag: '--timeout <ms>', help: 'time limit of one request' },
  extractTimeoutMs: { schema: ms.positive('expected milliseconds above 0').default(30_000), env: 'NEWSDESK_EXTRACT_TIMEOUT_MS', flag: '--extract-timeout <ms>', help: 'time limit of extracting one document' },
  respectRobots: { schema: bool.default(true), env: 'NEWSDESK_RESPECT_ROBOTS', flag: '--ignore-robots', help: 'do not fetch or honor robots.txt' },
  port: { schema: z.coerce.number().int().min(0).max(65535, 'expected a port number').default(8080), env: 'NEWSDESK_PORT', flag: '--port <port>', help: 'port of the HTTP API (newsdesk serve); 0 takes any free one' },
  host: { schema: z.string().min(1, 'expected a host name or address').default('127.0.0.1'), env: 'NEWSDESK_HOST', flag: '--host <address>', help: 'address the HTTP API listens on; anything but loopback needs NEWSDESK_API_KEYS' },
  apiKeys: { schema: ApiKeys, env: 'NEWSDESK_API_KEYS', flag: '--api-keys <list>', help: 'API keys as role:sha256hex entries (roles reader, analyst, operator), comma-separated' },
} as const;

type Settings = typeof SETTINGS;
export type SettingKey = keyof Settings;

export const Config = z.object(Object.fromEntries(Object.entries(SETTINGS).map(([k, s]) => [k, s.schema])) as { [K in SettingKey]: Settings[K]['schema'] });
export type Config = z.output<typeof Config>;

/** A setting given a value it cannot take; the message names the flag and the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A setting's flag without its value placeholder: `--min-delay`. */
export const flagName = (key: SettingKey): string => SETTINGS[key].flag.split(' ')[0] as string;

export function loadConfig(flags: Partial<Record<SettingKey, unknown>>, env: NodeJS.ProcessEnv = process.env): Config {
  const merged: Record<string, unknown> = {};
  const from: Partial<Record<SettingKey, string>> = {};
  for (const key of Object.keys(SETTINGS) as SettingKey[]) {
    const fromEnv = env[SETTINGS[key].env];
    if (flags[key] !== undefined) {
      merged[key] = flags[key];
      from[key] = flagName(key);
    } else if (fromEnv !== undefined && fromEnv !== '') {
      merged[key] = fromEnv;
      from[key] = SETTINGS[key].env;
    }
  }
  const parsed = Config.safeParse(merged);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const key = issue.path[0] as SettingKey;
    const message = /NaN/.test(issue.message) ? 'expected a number' : issue.message;
    return `${from[key] ?? flagName(key)} ${JSON.stringify(String(merged[key]))}: ${message}`;
  });
  throw new ConfigError(problems.join('; '));
}
