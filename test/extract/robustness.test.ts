// Property tests: whatever HTML or text comes in (tag soup, unbalanced tags and quotes, control characters,
// lone surrogates, BOMs, huge attributes, entities, random unicode, article-like fragments shuffled),
// extract() returns a record the contract accepts, every span of which points into its text, or refuses
// with one of its reasons (a RangeError or TypeError saying why); it never throws anything else and never
// takes long. FUZZ_RUNS raises the number of runs for a longer search.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { extract, type ExtractInput } from '../../src/extract/index.js';
import { preloadModels } from '../../src/extract/models.js';
import { ArticleRecord } from '../../src/record.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
/** A bound on one extraction of these small documents (a few kilobytes): generous for a loaded machine. */
const MAX_MS = 3000;
/** The largest text the NLP stages read (200,000 characters), made of nothing but quotes and attributions:
 * seconds, far below the 30 s a worker allows a document. */
const MAX_BUDGET_MS = 6000;

// the models are read before the first document is timed, as a worker thread reads them before its first
beforeAll(() => preloadModels());

/** Pieces of news prose: quotes, attributions, names, dates, stance verbs, datelines, abbreviations. */
const FRAGMENTS = [
  '"We will build the bridge," the mayor said. ',
  '“Their purpose is to suppress our companies,” Xu Guixiang said. ',
  'Geng Shuang, spokesperson for the Chinese Foreign Ministry, said on Tuesday that ',
  'the US uses the allegation as an excuse. ',
  'China strongly condemns and opposes the decision by the United States. ',
  'According to Acme Corp, ',
  'The company said it would appeal. ',
  'He said ',
  'she told reporters ',
  'On March 3, 2019 ',
  'next Tuesday ',
  'in 1998, ',
  'Rep. G.K. Butterfield (D-N.C.) said ',
  'BEIJING, March 3 (Xinhua) -- ',
  'OTTAWA — ',
  ', adding that ',
  'Mr. Smith ',
  'U.S. officials ',
  'the decision ',
  "''It's tinkering,'' said Mr. Cole. ",
  '“ ',
  ' ”',
  '"',
  "'",
  '\n\n',
  '\n',
  '. ',
  '!?',
  '―',
  ', said ',
  'who said ',
  "Acme's ",
  'NOVALINK STRONGLY REJECTS THE ALLEGATIONS. ',
];

const ODD = ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u00a0', '\u200b', '\u2028', '\u2029', '\ufeff', '\ufffd', '\ud800', '\udc00', '\ud83d\ude00', '\r\n', '\t'];

const text = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...FRAGMENTS) },
      { weight: 2, arbitrary: fc.constantFrom(...ODD) },
      { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
      { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    ),
    { maxLength: 80 },
  )
  .map((parts) => parts.join(''));

const TAGS = ['p', 'div', 'article', 'main', 'section', 'span', 'a', 'b', 'i', 'h1', 'h2', 'li', 'ul', 'td', 'tr', 'table', 'blockquote', 'pre', 'header', 'nav', 'footer', 'script', 'style', 'title', 'time', 'meta', 'link', 'svg', 'math', 'template', 'textarea', 'noscript', 'iframe', 'br', 'html', 'head', 'body', 'x-custom'];
const ATTRS = [
  'class="article-body"',
  'class="sidebar related"',
  'id="comments"',
  'itemprop="articleBody"',
  'itemprop="author"',
  'rel="author"',
  'property="article:published_time" content="2019-10-08T12:00:00-05:00"',
  'name="description" content="A description &amp; more"',
  'property="og:title" content="A title | Site"',
  'type="application/ld+json"',
  'datetime="2019-13-45"',
  'hidden',
  'aria-hidden="true"',
  'role="navigation"',
  'href="javascript:alert(1)"',
  'lang="en-GB"',
];

const attribute = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ATTRS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }).map((v) => `data-x="${v.replace(/"/g, '')}"`) },
  // a huge attribute value
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 20_000 }).map((n) => `content="${'x'.repeat(n)}"`) },
);

const open = fc.tuple(fc.constantFrom(...TAGS), fc.array(attribute, { maxLength: 3 })).map(([t, a]) => `<${t}${a.map((x) => ` ${x}`).join('')}>`);
const close = fc.constantFrom(...TAGS).map((t) => `</${t}>`);
const ENTITIES = ['&amp;', '&lt;', '&#39;', '&#x27;', '&#0;', '&#xD800;', '&#1114112;', '&nbsp;', '&bogus;', '&', '&#', '&#x;'];
const JSONLD = [
  '<script type="application/ld+json">{"@type":"NewsArticle","headline":"H","datePublished":"2019-10-08","author":{"name":"Ann Lee"}}</script>',
  '<script type="application/ld+json">{"@graph":[{"@type":["Article"],"author":[{"name":["A","B"]}]}],}</script>',
  '<script type="application/ld+json">[[[[[[[[[[{"@type":"Report"}]]]]]]]]]]</script>',
  '<script type="application/ld+json">{"@type":"NewsArticle","author":null,"headline":42}</script>',
  '<script type="application/ld+json">not json at all</script>',
];
const MARKUP = ['<!DOCTYPE html>', '<!-- a comment -->', '<!-- unclosed', '<![CDATA[ x ]]>', '<?xml version="1.0"?>', '<', '>', '</', '<p', '="', "='"];

const html = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: open },
      { weight: 3, arbitrary: close },
      { weight: 5, arbitrary: text.map((t) => t.slice(0, 300)) },
      { weight: 4, arbitrary: fc.constantFrom(...FRAGMENTS) },
      { weight: 1, arbitrary: fc.constantFrom(...ENTITIES) },
      { weight: 1, arbitrary: fc.constantFrom(...JSONLD) },
      { weight: 1, arbitrary: fc.constantFrom(...MARKUP) },
      // deep nesting, around the limit
      { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 1200 }), fc.constantFrom(...TAGS)).map(([depth, tag]) => `<${tag}>`.repeat(depth)) },
    ),
    { maxLength: 120 },
  )
  .map((parts) => parts.join(''));

const options = fc.record({
  url: fc.option(fc.oneof(fc.constant('https://news.example/2019/10/08/story.html'), fc.constant('not a url'), fc.webUrl()), { nil: undefined }),
  publishedAt: fc.option(fc.oneof(fc.constant('2019-10-08'), fc.constant('2019-13-45'), fc.constant('yesterday'), fc.string({ maxLength: 12 })), { nil: undefined }),
});

/** The reasons extract() may refuse a document with; anything else thrown is a bug. */
const REASONS = /^(extract: give html or text|document too large: |HTML nested too deeply to read)/;

/** Checks one extraction: a valid record whose spans all point into its text, or a refusal with a reason. */
function check(input: ExtractInput, maxMs = MAX_MS): ArticleRecord | null {
  const started = performance.now();
  let record: ArticleRecord;
  try {
    record = extract(input);
  } catch (err) {
    expect(err instanceof RangeError || err instanceof TypeError, String(err)).toBe(true);
    expect((err as Error).message).toMatch(REASONS);
    return null;
  } finally {
    expect(performance.now() - started).toBeLessThan(maxMs);
  }
  const parsed = ArticleRecord.safeParse(record);
  expect(parsed.success, parsed.success ? '' : parsed.error.message).toBe(true);
  const { text } = record;
  const limit = record.truncated ? record.truncated.at : text.length;
  if (record.truncated) expect(record.truncated.length).toBe(text.length);
  const span = (s: { start: number; end: number; text: string | null }, what: string) => {
    expect(0 <= s.start && s.start <= s.end && s.end <= limit, `${what} [${s.start}, ${s.end}) out of [0, ${limit})`).toBe(true);
    expect(text.slice(s.start, s.end), what).toBe(s.text);
  };
  for (const e of record.entities) for (const m of e.mentions) span(m, `mention of ${e.id}`);
  for (const d of record.dates) span(d, `date ${d.value}`);
  for (const c of record.claims) {
    span(c.cue, `cue of ${c.id}`);
    span(c.content, `content of ${c.id}`);
    if (c.speaker) span(c.speaker, `speaker of ${c.id}`);
  }
  expect(new Set(record.claims.map((c) => c.id)).size, 'claim ids are unique').toBe(record.claims.length);
  return record;
}

describe('extract on random and malformed input', () => {
  it('text: a valid record with every span in its text', () => {
    fc.assert(
      fc.property(text, options, (t, o) => {
        check({ text: t, ...o });
      }),
      { numRuns: RUNS },
    );
  });

  it('HTML tag soup: a valid record with every span in its text, or a refusal with its reason', () => {
    fc.assert(
      fc.property(html, options, (h, o) => {
        check({ html: h, ...o });
      }),
      { numRuns: RUNS },
    );
  });

  it('article-like fragments in any order, as text and wrapped in a page', () => {
    const prose = fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 200 }).map((p) => p.join(''));
    fc.assert(
      fc.property(prose, fc.boolean(), (p, asHtml) => {
        check(asHtml ? { html: `<html><body><article><p>${p.replace(/\n+/g, '</p><p>')}</p></article></body></html>` } : { text: p, publishedAt: '2019-10-08' });
      }),
      { numRuns: RUNS },
    );
  });

  it('long documents: chunked dates, sentences cut for want of stops, spans in the text', () => {
    const long = fc.array(fc.constantFrom(...FRAGMENTS, 'and the council would build it ', 'Acme Corp and Beta Holdings '), { minLength: 300, maxLength: 700 }).map((p) => p.join(''));
    fc.assert(
      fc.property(long, (t) => {
        check({ text: t, publishedAt: '2020-01-15' });
      }),
      { numRuns: Math.max(5, Math.round(RUNS / 6)) },
    );
  });

  it('a text over the NLP budget: spans stay within the part read, and the record says where it stops', () => {
    const parts: string[] = [];
    for (let length = 0, i = 0; length < 210_000; i++) {
      parts.push(FRAGMENTS[(i * 7) % FRAGMENTS.length] as string);
      length += (parts.at(-1) as string).length;
    }
    const t = parts.join('');
    const record = check({ text: t, publishedAt: '2020-01-15' }, MAX_BUDGET_MS);
    expect(record?.truncated?.at).toBeLessThanOrEqual(200_000);
    expect(record?.text).toBe(t);
  });

  it('refusals say why, with the error types the contract names', () => {
    expect(() => extract({})).toThrow(TypeError);
    expect(() => extract({ text: 'x'.repeat(10_000_001) })).toThrow(/^document too large: /);
    expect(() => extract({ html: `<html><body>${'<div>'.repeat(1500)}x</body></html>` })).toThrow(RangeError);
  });
});
