// Article metadata in order of trust, and main text without boilerplate.
import { describe, expect, it } from 'vitest';
import { splitAuthors } from '../../src/extract/article/metadata.js';
import { extract } from '../../src/extract/index.js';

const page = (head: string, body: string) => `<html><head>${head}</head><body>${body}</body></html>`;
const prose = '<p>The council met on Monday to discuss the budget, which has grown by a third since last year, officials said.</p><p>The mayor said the city would cut spending on roads and raise spending on schools, parks and libraries.</p>';

describe('article', () => {
  it('JSON-LD wins over meta tags, meta over <time>, <time> over the URL', () => {
    const ld = '<script type="application/ld+json">{"@type":"NewsArticle","headline":"LD title","datePublished":"2023-01-02T10:00:00-05:00","author":{"name":"Ana Lee"}}</script>';
    const meta = '<meta property="og:title" content="OG title"><meta property="article:published_time" content="2023-01-03"><meta name="author" content="Bo Chen">';
    const time = '<time datetime="2023-01-04">Jan 4</time>';
    const url = 'https://x.example/2023/01/05/story';
    const r1 = extract({ html: page(ld + meta, time + prose), url });
    expect([r1.title, r1.authors, r1.publishedAt, r1.publishedAtSource]).toEqual(['LD title', ['Ana Lee'], '2023-01-02T10:00:00-05:00', 'jsonld']);
    const r2 = extract({ html: page(meta, time + prose), url });
    expect([r2.title, r2.authors, r2.publishedAt, r2.publishedAtSource]).toEqual(['OG title', ['Bo Chen'], '2023-01-03', 'meta']);
    const r3 = extract({ html: page('', time + prose), url });
    expect([r3.publishedAt, r3.publishedAtSource]).toEqual(['2023-01-04', 'meta']);
    const r4 = extract({ html: page('', prose), url });
    expect([r4.publishedAt, r4.publishedAtSource]).toEqual(['2023-01-05', 'url']);
  });

  it('bylines: names only, without dates, roles, counts or the site', () => {
    expect(splitAuthors('By Eric Berger - Dec 21, 2023 1:00 pm UTC')).toEqual(['Eric Berger']);
    expect(splitAuthors('Shakiel Mahjouri Feb 6, 2024 at 12:55 pm ET')).toEqual(['Shakiel Mahjouri']);
    expect(splitAuthors('Andrew Bosworth, Chief Technology Officer, Head of Reality Labs')).toEqual(['Andrew Bosworth']);
    expect(splitAuthors('Ann Lee and Bo Chen, The Daily Journal', 'The Daily Journal')).toEqual(['Ann Lee', 'Bo Chen']);
  });

  it('entities a page escaped twice are decoded in metadata', () => {
    const r = extract({ html: page('<meta property="og:title" content="Snyder calls it &amp;#39;a war movie&amp;#39;">', prose) });
    expect(r.title).toBe("Snyder calls it 'a war movie'");
  });

  it('with no date in the markup, a full date written near the top of the article', () => {
    const r = extract({ html: page('', `<article><p class="meta">By Ann Lee | December 20, 2023</p>${prose}</article>`) });
    expect([r.publishedAt, r.publishedAtSource]).toEqual(['2023-12-20', 'text']);
  });

  it('the title is the headline the reader sees, when the page has one', () => {
    const head = '<meta property="og:title" content="Opinion | Search-friendly title - The Daily">';
    expect(extract({ html: page(head, `<article><h1>The Headline Readers See</h1>${prose}</article>`) }).title).toBe('The Headline Readers See');
    expect(extract({ html: page(head, prose) }).title).toBe('Opinion | Search-friendly title');
  });

  it('the modified date is never taken for the publication date', () => {
    const r = extract({ html: page('<meta property="article:modified_time" content="2023-02-01T00:00:00Z">', prose), url: 'https://x.example/story' });
    expect(r.publishedAt).toBeNull();
    expect(r.modifiedAt).toBe('2023-02-01T00:00:00Z');
  });

  it('a date given by the caller wins and says so', () => {
    const r = extract({ html: page('<meta property="article:published_time" content="2023-01-03">', prose), publishedAt: '2023-03-03' });
    expect([r.publishedAt, r.publishedAtSource]).toEqual(['2023-03-03', 'input']);
  });

  it('main text: paragraphs joined by a blank line, nav, footer, related links and comments dropped', () => {
    const html = page('', `<nav><a href="/">Home</a><a href="/news">News</a></nav><article>${prose}<div class="related-links"><a href="/a">Another story entirely</a></div></article><section class="comments"><p>First comment, I disagree with the mayor completely.</p></section><footer>Copyright 2023</footer>`);
    const r = extract({ html });
    expect(r.text).toBe('The council met on Monday to discuss the budget, which has grown by a third since last year, officials said.\n\nThe mayor said the city would cut spending on roads and raise spending on schools, parks and libraries.');
    expect(r.wordCount).toBe(r.text.split(/\s+/).length);
  });

  it('site name, language, description and canonical URL', () => {
    const head = '<meta property="og:site_name" content="The Daily"><meta name="description" content="A story."><link rel="canonical" href="/canonical/story">';
    const r = extract({ html: `<html lang="en-GB"><head>${head}</head><body>${prose}</body></html>`, url: 'https://daily.example/story?utm=1' });
    expect([r.siteName, r.language, r.description, r.canonicalUrl]).toEqual(['The Daily', 'en', 'A story.', 'https://daily.example/canonical/story']);
  });

  it('plain text comes back unchanged; a short page is no article and gets no claims', () => {
    const text = '  Two spaces first.\n\nThen "a quote," she said.  ';
    expect(extract({ text }).text).toBe(text);
    const stub = extract({ html: page('', '<p>Subscribe to read this article, said the banner.</p>') });
    expect(stub.pageKind).toBe('paywall-stub');
    expect(stub.claims).toEqual([]);
  });

  it('plain text: a full date in its first lines is its dateline, and relative dates resolve from it', () => {
    const r = extract({ text: ' date 2019-10-09 Home » Nation\n\nTrading halted yesterday, the exchange said.' });
    expect([r.publishedAt, r.publishedAtSource]).toEqual(['2019-10-09', 'text']);
    expect(r.dates.find((d) => d.text === 'yesterday')?.value).toBe('2019-10-08');
    expect(extract({ text: 'No date here. It rained on Tuesday.' }).publishedAt).toBeNull();
  });

  it('HTML nested thousands of levels deep is refused with a clear reason', () => {
    const html = `<html><body>${'<div>'.repeat(5000)}<p>deep</p>${'</div>'.repeat(5000)}</body></html>`;
    expect(() => extract({ html })).toThrow('HTML nested too deeply to read');
  });

  it('is deterministic: the same input gives the same record', () => {
    const html = page('<title>T</title>', prose);
    expect(extract({ html, url: 'https://x.example/a' })).toEqual(extract({ html, url: 'https://x.example/a' }));
  });
});

describe('credentials in addresses', () => {
  it('a record keeps neither the user name and password of the URL it was given nor of the page canonical link', () => {
    const html = '<html><head><link rel="canonical" href="https://editor:hunter2@news.example/a"><title>T</title></head><body><p>The port said on Monday it would reopen.</p></body></html>';
    const r = extract({ html, url: 'https://reader:letmein@news.example/a?x=1' });
    expect(r.url).toBe('https://news.example/a?x=1');
    expect(r.canonicalUrl).toBe('https://news.example/a');
    expect(JSON.stringify(r)).not.toMatch(/hunter2|letmein/);
    expect(r.id).toBe(extract({ html, url: 'https://news.example/a?x=1' }).id);
  });
});
