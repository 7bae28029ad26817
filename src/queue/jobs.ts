// What jobs carry: inputs, ids and hashes, never a page. Job ids come from the canonical URL (fetch) and
// the document hash (extract), so the same article enqueued twice, or found in two feeds, is one job.
import { z } from 'zod';
import { sha256 } from '../hash.js';
import { stripCredentials } from '../url.js';

export const FetchJob = z.object({
  url: z.string(),
  /** The enqueue batch this job belongs to (enqueue --wait follows it). */
  batch: z.string().optional(),
  /** The feed the URL was found in. */
  feed: z.string().optional(),
  /** When it was enqueued (ms since the epoch): the benchmark measures enqueue → stored. */
  enqueuedAt: z.number(),
  /** The turn at its host this job was given (ms since the epoch) when it was set aside to wait for it. */
  turnAt: z.number().optional(),
});
export type FetchJob = z.infer<typeof FetchJob>;

export const ExtractJob = z.object({
  input: z.string(),
  documentHash: z.string().regex(/^[0-9a-f]{64}$/),
  batch: z.string().optional(),
  enqueuedAt: z.number(),
});
export type ExtractJob = z.infer<typeof ExtractJob>;

export const FeedJob = z.object({ url: z.string() });
export type FeedJob = z.infer<typeof FeedJob>;

/** What a finished fetch job returns: enqueue --wait follows it to its extract job. */
export interface FetchOutcome {
  documentHash: string;
  extractJobId: string;
}

const TRACKING = /^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid)$/i;

/** The URL an article is known by: no credentials, no fragment, no tracking parameters, the WHATWG form
 * (lower-case scheme and host, default port dropped). Unparseable input is kept as given. */
export function canonicalUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(stripCredentials(input.trim()));
  } catch {
    return input.trim();
  }
  url.hash = '';
  // the other parameters are kept byte for byte: searchParams would re-encode them (%20 → +, `flag` →
  // `flag=`), so a URL with tracking parameters would not canonicalize to the same URL without them
  const kept = url.search
    .slice(1)
    .split('&')
    .filter((pair) => !TRACKING.test(paramName(pair)));
  url.search = kept.some(Boolean) ? `?${kept.join('&')}` : '';
  return url.href;
}

function paramName(pair: string): string {
  const raw = (pair.split('=')[0] as string).replace(/\+/g, ' ');
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

// BullMQ ids must not be integers or contain ':'
export const fetchJobId = (url: string): string => `f-${sha256(canonicalUrl(url)).slice(0, 40)}`;
/** One extract job per document and input: the same body under two URLs is two records. */
export const extractJobId = (documentHash: string, input: string): string => `x-${documentHash.slice(0, 40)}-${sha256(input).slice(0, 12)}`;
export const feedJobId = (url: string): string => `feed-${sha256(canonicalUrl(url)).slice(0, 40)}`;
