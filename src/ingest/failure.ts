// Failures are values with a reason, not exceptions: every stage returns `{ ok: false, reason, detail }`
// and the runner stores it. `retryable` carries the retry decision to the queue edge.

export type FetchReason =
  | 'invalid-url'
  | 'unsupported-scheme'
  | 'refused-address'
  | 'dns-failure'
  | 'robots-disallowed'
  | 'too-many-redirects'
  | 'bad-redirect'
  | 'http-status'
  | 'timeout'
  | 'too-large'
  | 'unsupported-content-type'
  | 'binary-content'
  | 'empty'
  | 'unsupported-encoding'
  | 'corrupt-body'
  | 'network';

export interface FailureResult {
  ok: false;
  reason: FetchReason | 'extract-failed' | 'extract-timeout' | 'store-failed' | 'unreadable-file';
  detail: string;
  retryable: boolean;
  /** HTTP status when one was received. */
  status?: number;
  /** How long the server asked us to wait (its Retry-After header), in seconds. */
  retryAfterSec?: number;
}

export const fail = (reason: FailureResult['reason'], detail: string, retryable = false, status?: number): FailureResult => ({
  ok: false,
  reason,
  detail,
  retryable,
  ...(status !== undefined ? { status } : {}),
});

/** A Retry-After header (delay in seconds, or an HTTP date) as seconds from `now`; undefined when unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Number(v);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}
