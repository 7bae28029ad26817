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
  | 'network';

export interface FailureResult {
  ok: false;
  reason: FetchReason | 'extract-failed' | 'store-failed' | 'unreadable-file';
  detail: string;
  retryable: boolean;
  /** HTTP status when one was received. */
  status?: number;
}

export const fail = (reason: FailureResult['reason'], detail: string, retryable = false, status?: number): FailureResult => ({
  ok: false,
  reason,
  detail,
  retryable,
  ...(status !== undefined ? { status } : {}),
});
