import type { Config } from '../config.js';
import type { FetcherOptions } from '../ingest/index.js';

/** The fetcher's limits and policy from the settings, the same for `ingest` and `worker`. */
export const fetchOptions = (cfg: Config): FetcherOptions => ({
  allowPrivateHosts: cfg.allowPrivateHosts,
  minDelayMs: cfg.minDelayMs,
  maxBytes: cfg.maxBytes,
  totalTimeoutMs: cfg.timeoutMs,
  headersTimeoutMs: Math.min(cfg.timeoutMs, 10_000),
  respectRobots: cfg.respectRobots,
});
