// Settings, each declared once with its environment variable. Precedence: flags > environment > defaults.
import { z } from 'zod';

const bool = z.union([z.boolean(), z.enum(['1', 'true', 'yes', '0', 'false', 'no', '']).transform((v) => ['1', 'true', 'yes'].includes(v))]);

export const Config = z.object({
  /** PGlite data folder, used when no databaseUrl is set. env NEWSDESK_DATA_DIR */
  dataDir: z.string().default('./newsdesk-data'),
  /** PostgreSQL connection string. env DATABASE_URL */
  databaseUrl: z.string().optional(),
  /** Fetch private, loopback and link-local addresses. env NEWSDESK_ALLOW_PRIVATE_HOSTS */
  allowPrivateHosts: bool.default(false),
  /** Items in flight at once in the inline runner. env NEWSDESK_CONCURRENCY */
  concurrency: z.coerce.number().int().positive().default(4),
  /** Minimum pause between requests to one host, ms. env NEWSDESK_MIN_DELAY_MS */
  minDelayMs: z.coerce.number().int().nonnegative().default(1000),
  /** Largest page fetched, bytes. env NEWSDESK_MAX_BYTES */
  maxBytes: z.coerce.number().int().positive().default(5_000_000),
  /** Whole-request time limit, ms. env NEWSDESK_TIMEOUT_MS */
  timeoutMs: z.coerce.number().int().positive().default(30_000),
  /** Honor robots.txt. env NEWSDESK_RESPECT_ROBOTS */
  respectRobots: bool.default(true),
});
export type Config = z.output<typeof Config>;

const ENV: Record<keyof Config, string> = {
  dataDir: 'NEWSDESK_DATA_DIR',
  databaseUrl: 'DATABASE_URL',
  allowPrivateHosts: 'NEWSDESK_ALLOW_PRIVATE_HOSTS',
  concurrency: 'NEWSDESK_CONCURRENCY',
  minDelayMs: 'NEWSDESK_MIN_DELAY_MS',
  maxBytes: 'NEWSDESK_MAX_BYTES',
  timeoutMs: 'NEWSDESK_TIMEOUT_MS',
  respectRobots: 'NEWSDESK_RESPECT_ROBOTS',
};

export function loadConfig(flags: Partial<Record<keyof Config, unknown>>, env: NodeJS.ProcessEnv = process.env): Config {
  const merged: Record<string, unknown> = {};
  for (const key of Object.keys(ENV) as (keyof Config)[]) {
    const fromEnv = env[ENV[key]];
    const value = flags[key] !== undefined ? flags[key] : fromEnv !== undefined && fromEnv !== '' ? fromEnv : undefined;
    if (value !== undefined) merged[key] = value;
  }
  return Config.parse(merged);
}
