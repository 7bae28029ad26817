// Job ids: one fetch job per article whatever dress its URL comes in; one extract job per document and input.
import { describe, expect, it } from 'vitest';
import { canonicalUrl, extractJobId, fetchJobId } from '../../src/queue/jobs.js';
import { parseEvery } from '../../src/queue/feeds.js';

describe('canonical URLs and job ids', () => {
  it('drops what does not name another article: credentials, fragment, tracking parameters, default port, case of the host', () => {
    expect(canonicalUrl('HTTPS://user:pw@News.Example:443/a/b?utm_source=x&id=7&fbclid=abc#top')).toBe('https://news.example/a/b?id=7');
    expect(canonicalUrl('https://news.example/a?utm_medium=rss')).toBe('https://news.example/a');
    expect(fetchJobId('https://news.example/a#comments')).toBe(fetchJobId('https://news.example/a?utm_campaign=feed'));
  });

  it('keeps apart what does: the path, other parameters, the scheme', () => {
    const ids = new Set(['https://news.example/a', 'https://news.example/b', 'https://news.example/a?page=2', 'http://news.example/a'].map(fetchJobId));
    expect(ids.size).toBe(4);
  });

  it('ids are valid BullMQ custom ids (no colon, not a number)', () => {
    for (const id of [fetchJobId('https://x.example/'), extractJobId('a'.repeat(64), 'https://x.example/')]) {
      expect(id).not.toContain(':');
      expect(Number.isNaN(Number(id))).toBe(true);
    }
  });

  it('one extract job per document and input', () => {
    const hash = 'b'.repeat(64);
    expect(extractJobId(hash, 'https://a.example/')).toBe(extractJobId(hash, 'https://a.example/'));
    expect(extractJobId(hash, 'https://a.example/')).not.toBe(extractJobId(hash, 'https://b.example/'));
    expect(extractJobId(hash, 'https://a.example/')).not.toBe(extractJobId('c'.repeat(64), 'https://a.example/'));
  });
});

describe('feed intervals', () => {
  it('reads 90s, 10m, 1h, 1d and refuses what is unreadable or more often than a minute', () => {
    expect([parseEvery('90s'), parseEvery('10m'), parseEvery('1h'), parseEvery('1d')]).toEqual([90_000, 600_000, 3_600_000, 86_400_000]);
    expect(() => parseEvery('often')).toThrow(/expected a number and a unit/);
    expect(() => parseEvery('30s')).toThrow(/at most once a minute/);
  });
});
