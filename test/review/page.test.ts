// The review page's pure rendering: the claim's speaker, cue and content marked where their offsets say;
// everything from an article escaped (a <script> in its text, quotes in attributes, ampersands); counts,
// links that keep the filters, an empty queue, a read-only viewer. The HTML is read back with cheerio, as
// a browser would parse it, so the tests speak of what the page means, not of its markup.
import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { escapeHtml, html, safeHref } from '../../src/review/html.js';
import { renderLoginPage, safeNext } from '../../src/review/login.js';
import { claimPassage } from '../../src/review/passage.js';
import { type ReviewPageData, renderReviewPage, reviewHref } from '../../src/review/page.js';
import type { ArticleText, ClaimItem } from '../../src/store/index.js';

const P1 = 'The council met on Monday.';
const P2 = '“Nobody may type <script>window.__pwned = 1</script> & "hope" here,” said Ana O’Neil, the mayor.';
const P3 = 'The vote is next week.';
const TEXT = [P1, P2, P3].join('\n\n');
const at = (s: string, from = 0) => ({ start: TEXT.indexOf(s, from), end: TEXT.indexOf(s, from) + s.length, text: s });

const CONTENT = 'Nobody may type <script>window.__pwned = 1</script> & "hope" here';
const article: ArticleText = {
  id: 'art-1',
  url: 'https://news.example/a?x=1&y="2"',
  title: 'Mayor <b>warns</b> & "jokes"',
  siteName: 'Fjord & Valley Post',
  publishedAt: '2023-06-07T07:15:00+02:00',
  text: TEXT,
  entities: [
    { id: 'person:ana-o-neil', name: 'Ana O’Neil', type: 'person' },
    { id: 'organization:the-"council"', name: 'The <i>Council</i>', type: 'organization' },
  ],
};

function claim(over: Partial<ClaimItem> = {}): ClaimItem {
  return {
    id: 'claim-1',
    kind: 'direct',
    speaker: { entityId: 'person:ana-o-neil', name: 'Ana O’Neil', ...at('Ana O’Neil') },
    cue: at('said'),
    content: at(CONTENT),
    target: { entityId: 'organization:the-"council"', name: 'The <i>Council</i>', text: 'the "council"' },
    stance: 'oppose',
    confidence: 0.85,
    articleId: 'art-1',
    status: 'pending',
    flagged: false,
    flag: null,
    correction: null,
    extracted: null,
    ...over,
  };
}

function data(over: Partial<ReviewPageData> = {}): ReviewPageData {
  return {
    filter: { status: 'pending' },
    claims: [claim()],
    articles: new Map([[article.id, article]]),
    next: null,
    paged: false,
    counts: { matching: 7, pendingHere: 7, pendingAll: 31 },
    canReview: true,
    signedIn: false,
    ...over,
  };
}

describe('html: one escaping helper', () => {
  it('escapes every value and keeps nested markup as markup', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p title="${'"><script>'}">${inner}${['&', 1, null, undefined, false]}</p>`.value).toBe('<p title="&quot;&gt;&lt;script&gt;"><b>&lt;i&gt;</b>&amp;1</p>');
  });

  it('links go to http(s) only', () => {
    expect(safeHref('https://a.example/x')).toBe('https://a.example/x');
    for (const bad of ['javascript:alert(1)', 'data:text/html,x', ' https://a.example', '//evil.example', null]) expect(safeHref(bad)).toBeNull();
  });
});

describe('claimPassage: the paragraph around a claim, marked at its offsets', () => {
  it('marks speaker, cue and content exactly where the offsets say, in their own paragraph', () => {
    const c = claim();
    const p = claimPassage(TEXT, { speaker: c.speaker, cue: c.cue, content: c.content });
    expect(p.exact).toBe(true);
    expect(p.segments.map((s) => s.text).join('')).toBe(P2);
    expect(p).toMatchObject({ clippedStart: true, clippedEnd: true });
    const marked = (m: string) => p.segments.filter((s) => s.marks.includes(m as never)).map((s) => s.text).join('');
    expect(marked('content')).toBe(CONTENT);
    expect(marked('cue')).toBe('said');
    expect(marked('speaker')).toBe('Ana O’Neil');
    expect(p.segments.find((s) => s.text.startsWith('“'))?.marks).toEqual([]);
  });

  it('a speaker inside the content is both; a speaker paragraphs away joins the passage only when it stays short', () => {
    const inside = claimPassage(TEXT, { speaker: at('type'), cue: at('said'), content: at(CONTENT) });
    expect(inside.segments.find((s) => s.text === 'type')?.marks).toEqual(['speaker', 'content']);
    const far = claimPassage(TEXT, { speaker: at('council'), cue: at('said'), content: at(CONTENT) });
    expect(far.segments.map((s) => s.text).join('')).toBe(`${P1}\n\n${P2}`);
    const short = claimPassage(TEXT, { speaker: at('council'), cue: at('said'), content: at(CONTENT) }, { max: 120 });
    expect(short.segments.map((s) => s.text).join('')).toBe(P2);
    expect(short.segments.some((s) => s.marks.includes('speaker'))).toBe(false);
  });

  it('a long paragraph is clipped around the claim at white space', () => {
    const long = `${'word '.repeat(400)}Kim said the plan works. ${'more '.repeat(400)}`.trim();
    const content = { start: long.indexOf('the plan works'), end: long.indexOf('the plan works') + 14, text: 'the plan works' };
    const p = claimPassage(long, { cue: { start: long.indexOf('said'), end: long.indexOf('said') + 4 }, content }, { max: 200, context: 40 });
    const shown = p.segments.map((s) => s.text).join('');
    expect(shown.length).toBeLessThan(140);
    expect(shown).toContain('Kim said the plan works.');
    expect(shown.startsWith('word ')).toBe(true);
    expect(p).toMatchObject({ clippedStart: true, clippedEnd: true, exact: true });
  });

  it('offsets that no longer fit the text (or read other words) are not marked', () => {
    expect(claimPassage(TEXT, { content: { start: 5, end: 99_999 } }).exact).toBe(false);
    expect(claimPassage(TEXT, { content: { ...at(CONTENT), text: 'other words' } }).exact).toBe(false);
    const noSpeaker = claimPassage(TEXT, { speaker: { start: 0, end: 0 }, cue: at('said'), content: at(CONTENT) });
    expect(noSpeaker.exact).toBe(true);
    expect(noSpeaker.segments.some((s) => s.marks.includes('speaker'))).toBe(false);
  });
});

describe('renderReviewPage', () => {
  it('shows the claim in its article, with everything from the article as text', () => {
    const $ = load(renderReviewPage(data()));
    // one script on the page, the page's own; the article's <script> and <b> are text
    expect($('script').map((_, s) => $(s).attr('src')).get()).toEqual(['/review/assets/review.js']);
    expect($('b, i').length).toBe(0);
    const li = $('li.claim');
    expect(li.length).toBe(1);
    expect(li.attr('data-claim-id')).toBe('claim-1');
    expect(li.find('mark.m-content').text()).toBe(CONTENT);
    expect(li.find('mark.m-cue').text()).toBe('said');
    expect(li.find('mark.m-speaker').text()).toBe('Ana O’Neil');
    expect(li.find('.passage').text()).toBe(`… ${P2} …`);
    expect(li.find('.article .title').text()).toBe('Mayor <b>warns</b> & "jokes"');
    expect(li.find('.article .title').attr('href')).toBe('https://news.example/a?x=1&y="2"');
    expect(li.find('.article .site').text()).toBe('Fjord & Valley Post');
    expect(li.find('.article time').text()).toBe('2023-06-07');
    // attributes hold quotes and angle brackets intact
    expect(li.attr('data-target')).toBe('organization:the-"council"');
    expect(li.attr('data-target-text')).toBe('the "council"');
    const facts = Object.fromEntries(li.find('.facts > div').map((_, d) => [[$(d).find('dt').text(), $(d).find('dd').text()]]).get());
    expect(facts).toMatchObject({ Speaker: 'Ana O’Neil person:ana-o-neil', Target: 'The <i>Council</i> organization:the-"council"', Stance: 'oppose', Confidence: '0.85', Kind: 'direct', Status: 'pending' });
    expect(li.find('button[data-action]').map((_, b) => $(b).attr('data-action')).get()).toEqual(['accept', 'reject', 'correct']);
    // the correction form's choices: the article's entities, names as text
    const options = $(`template#${li.attr('data-entities')}`).html() ?? '';
    const choices = load(`<select>${options}</select>`)('option').map((_, o) => [[load(o).text(), o.attribs.value]]).get();
    expect(choices).toEqual([['Ana O’Neil (person)', 'person:ana-o-neil'], ['The <i>Council</i> (organization)', 'organization:the-"council"']]);
  });

  it('says what found the claim and decided its stance, and the other entities it is aimed at', () => {
    const c = claim({
      provenance: { attribution: { by: 'model', name: 'learned-attribution', model: 'attribution-polnear:0123456789ab' }, stance: { by: 'rule', name: 'stance-lexicon' } },
      targets: [
        { entityId: 'organization:the-"council"', name: 'The <i>Council</i>', text: 'the "council"', stance: 'oppose' },
        { entityId: null, name: null, text: 'the <u>budget</u>', stance: 'support' },
      ],
    });
    const li = load(renderReviewPage(data({ claims: [c] })))('li.claim');
    expect(li.find('[data-field="provenance"]').text()).toBe('model learned-attribution (attribution-polnear:0123456789ab); stance by rule stance-lexicon');
    // the main target is not repeated; the other is shown as text, with the stance toward it
    expect(li.find('[data-field="targets"]').text()).toBe('the <u>budget</u> (no entity) support');
    expect(li.find('u').length).toBe(0);
    // a claim stored before provenance existed shows neither
    const old = load(renderReviewPage(data()))('li.claim');
    expect(old.find('[data-field="provenance"], [data-field="targets"]').length).toBe(0);
  });

  it('links filter by the claim’s speaker and site, keeping the other filters', () => {
    const $ = load(renderReviewPage(data({ filter: { status: 'pending', stance: 'oppose', since: '2023-01-01' } })));
    const speaker = new URL(`http://x${$('[data-field="speaker"] a').attr('href')}`);
    expect(Object.fromEntries(speaker.searchParams)).toEqual({ speaker: 'person:ana-o-neil', stance: 'oppose', since: '2023-01-01' });
    const site = new URL(`http://x${$('.article .site').attr('href')}`);
    expect(site.searchParams.get('site')).toBe('Fjord & Valley Post');
    expect($('form.filters select[name="stance"]').val()).toBe('oppose');
    expect($('form.filters input[name="since"]').val()).toBe('2023-01-01');
  });

  it('filter values typed with quotes and markup come back as typed', () => {
    const $ = load(renderReviewPage(data({ filter: { status: 'any', site: '"><script>x</script>' }, claims: [] })));
    expect($('form.filters input[name="site"]').val()).toBe('"><script>x</script>');
    expect($('script').length).toBe(1);
    expect($('form.filters select[name="status"]').val()).toBe('any');
  });

  it('counts what is left, under the filters and in all', () => {
    const $ = load(renderReviewPage(data()));
    expect($('[data-count="pending-here"]').text()).toBe('7');
    expect($('[data-count="pending-all"]').text()).toBe('31');
    expect($('[data-count="matching"]').length).toBe(0);
    const accepted = load(renderReviewPage(data({ filter: { status: 'accepted' }, counts: { matching: 3, pendingHere: 7, pendingAll: 31 } })));
    expect(accepted('[data-count="matching"]').text()).toBe('3');
    expect(accepted('#counts').text()).toContain('3 accepted under these filters');
  });

  it('an empty queue says so; pages link to the next and the first, with the filters', () => {
    const empty = load(renderReviewPage(data({ claims: [], counts: { matching: 0, pendingHere: 0, pendingAll: 4 } })));
    expect(empty('li.claim').length).toBe(0);
    expect(empty('#empty').text()).toBe('Nothing left to review under these filters.');
    expect(empty('#next-page').length).toBe(0);
    const paged = load(renderReviewPage(data({ filter: { status: 'pending', site: 'A & B' }, next: 'CURSOR+/=', paged: true })));
    const next = new URL(`http://x${paged('#next-page').attr('href')}`);
    expect(Object.fromEntries(next.searchParams)).toEqual({ site: 'A & B', after: 'CURSOR+/=' });
    expect(paged('nav.pages a').first().attr('href')).toBe(reviewHref({ status: 'pending', site: 'A & B' }));
  });

  it('a reader sees no actions; flags and claims whose text moved are said so', () => {
    const $ = load(renderReviewPage(data({ canReview: false, claims: [claim({ flag: 'missing', flagged: true, content: { start: 9000, end: 9010, text: 'gone words' } })] })));
    expect($('button[data-action]').length).toBe(0);
    expect($('body').attr('data-can-review')).toBe('false');
    expect($('.notice').text()).toContain('may read but not review');
    expect($('.flag').text()).toContain('missing');
    expect($('.passage').text()).toBe('gone words');
    expect($('.note').text()).toContain('no longer holds this claim');
  });
});

describe('sign-in page', () => {
  it('goes back only to a review page, never elsewhere', () => {
    expect(safeNext('/review?site=x')).toBe('/review?site=x');
    for (const bad of ['//evil.example', 'https://evil.example/review', '/review\\@evil', '/reviewer', '/claims', null]) expect(safeNext(bad)).toBe('/review');
    const $ = load(renderLoginPage({ error: 'Unknown <key>', next: '/review?q="x"' }));
    expect($('.error').text()).toBe('Unknown <key>');
    expect($('input[name="next"]').val()).toBe('/review?q="x"');
    expect($('form').attr('method')).toBe('post');
    expect($('script').length).toBe(0);
  });
});
