// Feeds and sitemaps read into article URLs: every format's links as the fixtures write them, resolved,
// cleaned and deduplicated, with titles and dates; HTML, JSON, broken and hostile XML refused or defused.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type FeedResult, feedDate, isFeedContentType, MAX_FEED_BYTES, MAX_FEED_ENTRIES, parseFeed } from '../../src/ingest/feeds.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/feeds/${name}`, import.meta.url), 'utf8');

function ok(result: FeedResult) {
  if (!result.ok) throw new Error(`expected a feed, got ${result.reason}: ${result.detail}`);
  return result;
}

describe('parseFeed: RSS 2.0', () => {
  const feed = ok(parseFeed(fixture('rss2.xml'), 'https://news.example.com/feeds/main.xml'));

  it('reads the channel title and kind', () => {
    expect(feed.kind).toBe('rss');
    expect(feed.title).toBe('Harbourtown Courier — Top stories');
  });

  it('gives item links in order: resolved, decoded, without fragments, credentials, duplicates or non-http links', () => {
    expect(feed.entries).toEqual([
      {
        url: 'https://news.example.com/world/2024/05/01/harbour-reopens?ref=rss&src=feed',
        title: 'Harbour reopens after the storm',
        publishedAt: '2024-05-01T09:30:00+02:00',
      },
      { url: 'https://news.example.com/politics/council-vote', title: 'Council & mayor agree on "bridge" budget', publishedAt: '2024-05-02T14:05:00Z' },
      // no link: the guid is a permalink by default
      { url: 'https://news.example.com/sport/final-score', title: 'Final score: 3–1', publishedAt: '2024-05-02T18:00:00-04:00' },
      // the isPermaLink="false" guid is skipped; user:pass@ is stripped
      { url: 'https://news.example.com/business/rates', title: 'Rates held', publishedAt: null },
      // the duplicate harbour link and javascript: are gone; a relative link resolves against the feed URL
      { url: 'https://news.example.com/feeds/opinion/letters', title: 'Letters to the editor', publishedAt: null },
      // the relative guid is no permalink; an atom:link alternate and dc:date stand in for link and pubDate
      { url: 'https://news.example.com/weather/warning', title: 'Weather warning', publishedAt: '2024-05-03T07:00:00Z' },
    ]);
  });

  it('never lets a secret from a link into any field', () => {
    expect(JSON.stringify(feed)).not.toContain('s3cret');
  });
});

describe('parseFeed: RSS 1.0 (RDF)', () => {
  it('reads item links, titles and dc:date, falling back to rdf:about', () => {
    const feed = ok(parseFeed(fixture('rss1.rdf'), 'https://press.example.org/rss'));
    expect(feed.kind).toBe('rdf');
    expect(feed.title).toBe('Example Press Releases');
    expect(feed.entries).toEqual([
      { url: 'https://press.example.org/2024/new-plant', title: 'New plant opens in Riverside', publishedAt: '2024-04-29T16:45:00-05:00' },
      { url: 'https://press.example.org/2024/results?lang=en&format=html', title: 'First-quarter results', publishedAt: '2024-04-30' },
      { url: 'https://press.example.org/2024/about-only', title: 'An item with rdf:about and no link', publishedAt: null },
    ]);
  });
});

describe('parseFeed: Atom', () => {
  const feed = ok(parseFeed(fixture('atom.xml'), 'https://blog.example.org/atom.xml'));

  it('reads an html title as text', () => {
    expect(feed.kind).toBe('atom');
    expect(feed.title).toBe('Example Blog & news');
  });

  it('takes alternate (or rel-less) links against xml:base, never self, edit or enclosure', () => {
    expect(feed.entries).toEqual([
      { url: 'https://blog.example.org/news/2024/05/first-post', title: 'First post', publishedAt: '2024-05-01T08:00:00+01:00' },
      // no published: updated stands in
      { url: 'https://blog.example.org/news/2024/05/second-post', title: 'Second post', publishedAt: '2024-05-02T10:15:30.5Z' },
      // the entry's own xml:base; an xhtml title keeps its words in order
      { url: 'https://other.example.net/story', title: 'A bold move', publishedAt: null },
      // the enclosure-and-self entry is skipped; of two alternates the HTML one wins over the PDF
      { url: 'https://blog.example.org/news/2024/05/fifth-post', title: 'Also as PDF', publishedAt: '2024-05-03' },
    ]);
  });

  it('without xml:base, resolves against the feed URL', () => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
      <entry><title>x</title><link href="posts/x"/></entry></feed>`;
    expect(ok(parseFeed(xml, 'https://site.example/blog/feed.atom')).entries).toEqual([
      { url: 'https://site.example/blog/posts/x', title: 'x', publishedAt: null },
    ]);
  });
});

describe('parseFeed: sitemaps', () => {
  it('reads a news sitemap: news:title and news:publication_date, else lastmod', () => {
    const feed = ok(parseFeed(fixture('news-sitemap.xml'), 'https://daily.example.com/sitemaps/news.xml'));
    expect(feed.kind).toBe('sitemap');
    expect(feed.title).toBeNull();
    expect(feed.entries).toEqual([
      { url: 'https://daily.example.com/2024/05/01/election-night', title: 'Election night: counting begins', publishedAt: '2024-05-01T21:30:00+00:00' },
      { url: 'https://daily.example.com/search?q=tides&page=2', title: null, publishedAt: '2024-04-30' },
      { url: 'https://daily.example.com/2024/05/02/recount', title: 'Recount ordered in two wards', publishedAt: '2024-05-02' },
    ]);
  });

  it('lists a sitemap index’s child sitemaps', () => {
    const feed = ok(parseFeed(fixture('sitemap-index.xml'), 'https://daily.example.com/sitemap.xml'));
    expect(feed.kind).toBe('sitemap-index');
    expect(feed.entries).toEqual([
      { url: 'https://daily.example.com/sitemaps/news.xml', title: null, publishedAt: '2024-05-02T06:00:00+00:00' },
      { url: 'https://daily.example.com/sitemaps/2024-04.xml', title: null, publishedAt: null },
      { url: 'https://daily.example.com/sitemaps/2024-03.xml', title: null, publishedAt: '2024-04-01' },
    ]);
  });

  it(`keeps the first ${MAX_FEED_ENTRIES} of a larger sitemap`, () => {
    const urls = Array.from({ length: MAX_FEED_ENTRIES + 1 }, (_, i) => `<url><loc>https://big.example/a/${i}</loc></url>`);
    const xml = `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls.join('\n')}</urlset>`;
    const feed = ok(parseFeed(xml, 'https://big.example/sitemap.xml'));
    expect(feed.entries).toHaveLength(50_000);
    expect(feed.entries[0]?.url).toBe('https://big.example/a/0');
    expect(feed.entries.at(-1)?.url).toBe('https://big.example/a/49999');
  });
});

describe('parseFeed: refusals', () => {
  it('refuses an HTML page as not-a-feed, naming it and the feed URL', () => {
    const result = parseFeed(fixture('page.html'), 'https://daily.example.com/');
    expect(result).toMatchObject({ ok: false, reason: 'not-a-feed' });
    if (!result.ok) expect(result.detail).toMatch(/^https:\/\/daily\.example\.com\/: looks like an HTML page/);
  });

  it('refuses well-formed XHTML and other XML by their root element', () => {
    const xhtml = parseFeed('<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', 'https://a.example/');
    expect(xhtml).toMatchObject({ ok: false, reason: 'not-a-feed' });
    if (!xhtml.ok) expect(xhtml.detail).toContain('HTML page');
    const svg = parseFeed('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', 'https://a.example/x.svg');
    expect(svg).toMatchObject({ ok: false, reason: 'not-a-feed' });
    if (!svg.ok) expect(svg.detail).toContain('<svg>');
  });

  it('refuses JSON as not-a-feed, saying it is JSON', () => {
    const result = parseFeed(fixture('api.json'), 'https://daily.example.com/api/latest');
    expect(result).toMatchObject({ ok: false, reason: 'not-a-feed' });
    if (!result.ok) expect(result.detail).toBe('https://daily.example.com/api/latest: looks like JSON, not an RSS, Atom, RDF or sitemap document');
  });

  it('refuses broken XML as malformed, with the line of the fault', () => {
    const result = parseFeed(fixture('broken.xml'), 'https://news.example.com/broken.xml');
    expect(result).toMatchObject({ ok: false, reason: 'malformed' });
    // the stray </titel> is on line 6
    if (!result.ok) expect(result.detail).toMatch(/^https:\/\/news\.example\.com\/broken\.xml: not well-formed XML at line 6\b/);
  });

  it('refuses an empty body and plain text as not-a-feed', () => {
    expect(parseFeed('  \n', 'https://a.example/feed')).toMatchObject({ ok: false, reason: 'not-a-feed' });
    expect(parseFeed('Service Unavailable', 'https://a.example/feed')).toMatchObject({ ok: false, reason: 'not-a-feed' });
  });

  it(`refuses more than ${MAX_FEED_BYTES} bytes as malformed, unread`, () => {
    const xml = `<rss><channel>${' '.repeat(MAX_FEED_BYTES)}</channel></rss>`;
    const result = parseFeed(xml, 'https://huge.example/feed');
    expect(result).toMatchObject({ ok: false, reason: 'malformed' });
    if (!result.ok) expect(result.detail).toMatch(/^https:\/\/huge\.example\/feed: .*over the 10 MB limit/);
  });

  it('keeps credentials in the feed URL out of the detail', () => {
    const result = parseFeed('{}', 'https://bot:hunter2@a.example/feed');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.detail).toMatch(/^https:\/\/a\.example\/feed: /);
  });
});

describe('parseFeed: hostile XML', () => {
  it('does not expand a "billion laughs" entity declaration', () => {
    const started = performance.now();
    const result = parseFeed(fixture('billion-laughs.xml'), 'https://news.example.com/laughs.xml');
    expect(performance.now() - started).toBeLessThan(1000);
    // read harmlessly: the declared entities stay unexpanded references
    const feed = ok(result);
    expect(feed.entries).toEqual([{ url: 'https://news.example.com/laughs', title: '&lol9; &lol;', publishedAt: null }]);
    expect(JSON.stringify(feed)).not.toContain('lollol');
  });

  it('never reads an external entity', () => {
    const result = parseFeed(fixture('external-entity.xml'), 'https://news.example.com/xxe.xml');
    expect(result).toMatchObject({ ok: false, reason: 'malformed' });
    expect(JSON.stringify(result)).not.toContain('root:');
  });
});

describe('feedDate', () => {
  it('reads RFC 822 and W3C dates, keeping the given offset', () => {
    expect(feedDate('Mon, 06 May 2024 23:59:59 PST')).toBe('2024-05-06T23:59:59-08:00');
    expect(feedDate('06 May 24 07:00 +0530')).toBe('2024-05-06T07:00:00+05:30');
    expect(feedDate('2024-05-06T07:00+02:00')).toBe('2024-05-06T07:00:00+02:00');
    expect(feedDate('2024-05-06 07:00:00')).toBe('2024-05-06T07:00:00');
  });

  it('gives null for impossible days and for what is not a date', () => {
    expect(feedDate('Fri, 30 Feb 2024 10:00:00 GMT')).toBeNull();
    expect(feedDate('2024-13-01')).toBeNull();
    expect(feedDate('1')).toBeNull();
    expect(feedDate('yesterday')).toBeNull();
    expect(feedDate(null)).toBeNull();
  });
});

describe('isFeedContentType', () => {
  it('accepts RSS, Atom, RDF and XML types, with parameters and in any case', () => {
    for (const type of ['application/rss+xml', 'application/atom+xml; charset=utf-8', 'application/rdf+xml', 'text/xml', 'Application/XML', 'application/x-rss+xml']) {
      expect(isFeedContentType(type), type).toBe(true);
    }
  });

  it('refuses HTML, JSON and other types', () => {
    for (const type of ['text/html', 'application/xhtml+xml', 'application/json', 'application/feed+json', 'text/plain', 'image/svg+xml', '']) {
      expect(isFeedContentType(type), type).toBe(false);
    }
  });
});
