// Retry decisions: which failures are permanent (UnrecoverableError: BullMQ fails the job at once) and which
// are transient (TransientFailure, retried after a backoff or the server's Retry-After).
import { UnrecoverableError } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FailureResult, fail } from '../../src/ingest/failure.js';
import { createFetcher } from '../../src/ingest/fetcher.js';
import { ATTEMPTS, backoffMs, jobError, RETRY, TransientFailure } from '../../src/queue/retry.js';
import { startServer, type TestServer } from '../helpers/server.js';

const MINUTES_10 = 10 * 60_000;

describe('jobError', () => {
  it('makes a permanent failure unrecoverable, naming its reason and detail', () => {
    for (const f of [
      fail('http-status', 'http://a.test/x: HTTP 404', false, 404),
      fail('robots-disallowed', '/x is disallowed by http://a.test/robots.txt'),
      fail('too-large', 'http://a.test/x: body is over the 5000000-byte limit'),
      fail('extract-failed', 'x: extraction failed: HTML nested too deeply to read'),
    ]) {
      const err = jobError(f);
      expect(err).toBeInstanceOf(UnrecoverableError);
      expect(err).not.toBeInstanceOf(TransientFailure);
      expect(err.message).toBe(`${f.reason}: ${f.detail}`);
    }
  });

  it('makes a retryable failure transient, carrying the Retry-After in milliseconds', () => {
    const busy: FailureResult = { ...fail('http-status', 'http://a.test/x: HTTP 429 (retry after 7)', true, 429), retryAfterSec: 7 };
    const err = jobError(busy);
    expect(err).toBeInstanceOf(TransientFailure);
    expect(err).not.toBeInstanceOf(UnrecoverableError);
    expect((err as TransientFailure).reason).toBe('http-status');
    expect((err as TransientFailure).retryAfterMs).toBe(7000);

    const timeout = jobError(fail('timeout', 'http://a.test/x: no response headers within 1000 ms', true));
    expect(timeout).toBeInstanceOf(TransientFailure);
    expect((timeout as TransientFailure).retryAfterMs).toBeUndefined();
    // Retry-After: 0 is an answer too: come back at once
    expect((jobError({ ...fail('http-status', 'HTTP 503', true, 503), retryAfterSec: 0 }) as TransientFailure).retryAfterMs).toBe(0);
  });

  describe('on what a real server answers', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startServer({
        '/gone': (_req, res) => {
          res.writeHead(410).end('gone');
        },
        '/busy': (_req, res) => {
          res.writeHead(503, { 'retry-after': '120' }).end('maintenance');
        },
        '/broken': (_req, res) => {
          res.writeHead(500).end('oops');
        },
      });
    });
    afterAll(() => server.close());

    it('410 is permanent, 503 with Retry-After waits as asked, 500 is retried with backoff', async () => {
      const fetcher = createFetcher({ allowPrivateHosts: true, minDelayMs: 0, respectRobots: false });
      const [gone, busy, broken] = await Promise.all(['/gone', '/busy', '/broken'].map((p) => fetcher.fetch(`${server.url}${p}`)));
      await fetcher.close?.();
      if (gone?.ok !== false || busy?.ok !== false || broken?.ok !== false) throw new Error('every one of these should fail');
      expect(jobError(gone)).toBeInstanceOf(UnrecoverableError);
      const b = jobError(busy);
      expect(b).toBeInstanceOf(TransientFailure);
      expect((b as TransientFailure).retryAfterMs).toBe(120_000);
      const x = jobError(broken);
      expect(x).toBeInstanceOf(TransientFailure);
      expect((x as TransientFailure).retryAfterMs).toBeUndefined();
    });
  });
});

describe('backoffMs', () => {
  const fixed = (r: number) => () => r;

  it('starts at 2 s and doubles with each try', () => {
    // random 0.5 is the middle of the jitter: the undisturbed base
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(n, undefined, fixed(0.5)))).toEqual([2000, 4000, 8000, 16_000, 32_000]);
  });

  it('jitters within ±25 %, spread over the range', () => {
    for (const n of [1, 2, 3, 6]) {
      const base = 2000 * 2 ** (n - 1);
      expect(backoffMs(n, undefined, fixed(0))).toBe(base * 0.75);
      expect(backoffMs(n, undefined, fixed(0.999_999))).toBeCloseTo(base * 1.25, -1);
      const seen = Array.from({ length: 400 }, () => backoffMs(n));
      for (const ms of seen) {
        expect(ms).toBeGreaterThanOrEqual(base * 0.75);
        expect(ms).toBeLessThanOrEqual(base * 1.25);
      }
      // jobs that failed together do not come back together: both halves of the range are used
      expect(seen.some((ms) => ms < base * 0.9)).toBe(true);
      expect(seen.some((ms) => ms > base * 1.1)).toBe(true);
    }
  });

  it('never waits more than 10 minutes, jitter included', () => {
    for (const n of [9, 10, 12, 20, 100, 2000]) {
      for (const r of [0, 0.5, 0.999_999]) expect(backoffMs(n, undefined, fixed(r)), `try ${n}, random ${r}`).toBeLessThanOrEqual(MINUTES_10);
      // and still backs off a long while (2 s × 2^9 is past the cap from the tenth try on)
      if (n >= 10) expect(backoffMs(n, undefined, fixed(0))).toBeGreaterThanOrEqual(MINUTES_10 * 0.75);
    }
  });

  it("honors the server's Retry-After instead of its own schedule, at most 10 minutes", () => {
    const asked = new TransientFailure('http-status: HTTP 429', 'http-status', 30_000);
    for (const n of [1, 4]) {
      const ms = backoffMs(n, asked);
      expect(ms).toBeGreaterThanOrEqual(30_000);
      // a little jitter, well under the doubling schedule's
      expect(ms).toBeLessThan(30_000 + 1000);
    }
    expect(backoffMs(1, new TransientFailure('x', 'http-status', 3 * 3_600_000), fixed(0.9))).toBe(MINUTES_10);
    // no Retry-After: the schedule
    expect(backoffMs(3, new TransientFailure('timeout: slow', 'timeout'), fixed(0.5))).toBe(8000);
  });

  it('gives every job six tries in all with the newsdesk backoff', () => {
    expect(ATTEMPTS).toBe(6);
    expect(RETRY).toEqual({ attempts: 6, backoff: { type: 'newsdesk' } });
  });
});
