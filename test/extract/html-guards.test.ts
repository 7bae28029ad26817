// What guards the HTML parser: attribute lists cut past a thousand, nesting estimated before parsing (and
// refused past the limit), lone surrogates replaced, malformed markup losing no text, and JSON-LD read
// without recursion.
import { describe, expect, it } from 'vitest';
import { MAX_HTML_DEPTH } from '../../src/extract/article/index.js';
import { loadHtml } from '../../src/extract/article/load-html.js';
import { MAX_ATTRIBUTES, prepareHtml } from '../../src/extract/article/prepare-html.js';
import { extract } from '../../src/extract/index.js';

const attributes = (n: number) => Array.from({ length: n }, (_, i) => `a${i}="${i}"`).join(' ');

describe('prepareHtml', () => {
  it('leaves a page as it is when no tag has too many attributes', () => {
    const page = '<html><head><title>a <b> c</title><script>if (a<b) x()</script></head><body><!-- <p x y> --><p class="x" id=y>Hi</p></body></html>';
    expect(prepareHtml(page).html).toBe(page);
  });

  it('keeps the first thousand attributes of a tag, closed or not', () => {
    const $ = loadHtml(prepareHtml(`<p ${attributes(MAX_ATTRIBUTES + 5)}>text</p>`).html);
    expect(Object.keys($('p').get(0)?.attribs ?? {})).toHaveLength(MAX_ATTRIBUTES);
    expect($('p').text()).toBe('text');
    expect(prepareHtml(`<p ${attributes(MAX_ATTRIBUTES + 5)}`).html.length).toBeLessThan(MAX_ATTRIBUTES * 12);
  });

  it('estimates nesting as the parser nests: implied ends close, divs nest', () => {
    const depth = (html: string) => prepareHtml(html).depth;
    expect(depth('<html><body>' + '<p>para'.repeat(2000))).toBeLessThan(5);
    expect(depth('<ul>' + '<li>item'.repeat(2000))).toBeLessThan(5);
    expect(depth('<table>' + '<tr><td>a<td>b'.repeat(2000))).toBeLessThan(6);
    expect(depth('<select>' + '<option>x'.repeat(2000))).toBeLessThan(5);
    // unclosed links nest in the tree htmlparser2 builds (a browser would close each): counted as they nest
    expect(depth('<a href=1>one'.repeat(2000))).toBe(2000);
    expect(depth('<svg>' + '<path d="M0"/>'.repeat(2000) + '</svg>')).toBe(1);
    expect(depth('<div>'.repeat(700))).toBe(700);
  });

  it('skips a script to its end tag in any case, whatever text comes before it', () => {
    const depth = (html: string) => prepareHtml(html).depth;
    // markup inside a script is text; after its end tag ("</SCRIPT>" as well) tags count again
    expect(depth('<script>var s = "<div><div><div><div>";</SCRIPT><div><div></div></div>')).toBe(2);
    // "İ" lower-cases to two code units: the end tag is still found where it is
    expect(depth(`<p>${'İ'.repeat(20)}</p><script>x = "<div><div><div><div>"</script><div><div></div></div>`)).toBe(2);
    expect(depth('<style>p{}</style ><div><div><div></div></div></div>')).toBe(3);
    expect(depth('<script>"<div><div>"')).toBe(1);
  });

  it('replaces lone surrogates, which the parser throws on', () => {
    expect(prepareHtml('a\udc00\udc00b\ud83d\ude00').html).toBe('a\ufffd\ufffdb\ud83d\ude00');
    expect(() => extract({ html: '\udc00\udc00' })).not.toThrow();
  });
});

describe('nesting', () => {
  it('a page nested past the limit is refused with that reason, before it is parsed', () => {
    const started = performance.now();
    expect(() => extract({ html: '<div>'.repeat(200_000) })).toThrow(/^HTML nested too deeply to read: about 200000 levels \(the limit is 512\)/);
    for (const tag of ['a', 'h1', 'nobr', 'form', 'body']) expect(() => extract({ html: `<${tag}>x`.repeat(100_000) })).toThrow(/^HTML nested too deeply to read: about 100000 levels/);
    expect(() => extract({ html: `<noscript>${'<div>'.repeat(100_000)}</noscript>` })).toThrow(/^HTML nested too deeply to read: about 100001 levels/);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(() => extract({ html: `<html><body>${'<div>'.repeat(MAX_HTML_DEPTH - 10)}<p>deep enough</p></body></html>` })).not.toThrow();
  });
});

describe('loadHtml', () => {
  it('keeps every piece of text of malformed markup: stray pieces of a table, misnested tags', () => {
    const $ = loadHtml(`<table>${'<a>x</a>text<b>y'.repeat(50)}<tr><td>cell</td></tr></table><p>after</p>`);
    const text = $.root().text();
    expect(text.match(/xtexty/g)).toHaveLength(50);
    expect(text.endsWith('cellafter')).toBe(true);
    expect(loadHtml('<b><div>x</b>y</div><i><p>a</i>b</p>').root().text()).toBe('xyab');
  });

  it('a script cut short by "</script>" inside a string spills into the head, not into the article', () => {
    // a page's state as JSON in a script, the article's parts in it: each embedded tweet's "</script>" ends
    // the script early, and the rest of the JSON (story text, tweets) falls into the head as markup
    const para = 'The council met on Tuesday and voted for the new tram line after a long and heated debate.';
    const tweet = (n: number) => `{"html":"<blockquote class=\\"tweet\\"><p>Loud tweet number ${n} is not the story.</p></blockquote><script src=\\"w.js\\"></script>"}`;
    const state = Array.from({ length: 6 }, (_, n) => `${tweet(n)},{"type":"text","content":"${para} ${para}"}`).join(',');
    const page = `<html><head><title>Story</title><script>window.state = {"parts":[${state}]};</script></head>
      <body><article><h1>Story</h1>${`<p>${para}</p>`.repeat(4)}</article></body></html>`;
    const record = extract({ html: page, url: 'https://example.com/story' });
    expect(record.text).toContain('The council met on Tuesday');
    expect(record.text).not.toContain('Loud tweet');
  });
});

describe('JSON-LD', () => {
  it('nested thousands deep is read without recursion', () => {
    const ld = `{"@type":"NewsArticle","author":${'['.repeat(50_000)}"Ann Lee"${']'.repeat(50_000)},"headline":${'{"name":'.repeat(20_000)}"H"${'}'.repeat(20_000)}}`;
    const record = extract({ html: `<html><head><script type="application/ld+json">${ld}</script></head><body><p>The mayor said it.</p></body></html>` });
    expect(record.authors).toEqual(['Ann Lee']);
  });
});
