// The analysts' review page, rendered from what the store gave (pure: no I/O, no clock). A page of claims,
// each shown in its article with the speaker, cue and content marked, its resolved speaker and target,
// stance, confidence, kind and flag; the filters; what is left to review; the next page. The script
// (assets.ts) adds the keyboard and the actions; without it filters and pages still work.
import type { Producer, Stance } from '../record.js';
import type { ArticleText, ClaimItem } from '../store/index.js';
import { type Html, html, safeHref } from './html.js';
import { layout, LOGOUT_PATH, REVIEW_PATH } from './layout.js';
import { claimPassage } from './passage.js';
import type { ReviewStatus } from './rules.js';

/** The page's filters: `status` 'any' filters nothing. */
export interface ReviewFilter {
  speaker?: string | undefined;
  target?: string | undefined;
  stance?: Stance | undefined;
  site?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  status: ReviewStatus | 'any';
  /** Claims a page (not a filter; kept in the page's links). @defaultValue REVIEW_PAGE_SIZE of load.ts */
  limit?: number | undefined;
}

export interface ReviewCounts {
  /** Claims matching every filter, status included. */
  matching: number;
  /** Pending claims matching the other filters. */
  pendingHere: number;
  /** Pending claims in the whole store. */
  pendingAll: number;
}

export interface ReviewPageData {
  filter: ReviewFilter;
  claims: readonly ClaimItem[];
  /** The claims' articles by id (each fetched once). */
  articles: ReadonlyMap<string, ArticleText>;
  /** The cursor of the next page, null on the last. */
  next: string | null;
  /** Whether this is a later page (a link back to the first is shown). */
  paged: boolean;
  counts: ReviewCounts;
  /** Whether the viewer may review (analyst or above, or an open server). */
  canReview: boolean;
  /** Keys are configured and the viewer signed in with one: a sign-out button is shown. */
  signedIn: boolean;
  /** Why the filters were not applied as given. */
  error?: string | null;
}

export const STANCES: readonly Stance[] = ['support', 'oppose', 'neutral'];
export const STATUSES: readonly (ReviewStatus | 'any')[] = ['pending', 'accepted', 'rejected', 'corrected', 'any'];
const FILTER_KEYS = ['speaker', 'target', 'stance', 'site', 'since', 'until'] as const;

/** /review with these filters (and a page cursor); the default status, pending, is left out. */
export function reviewHref(filter: ReviewFilter, after?: string | null): string {
  const q = new URLSearchParams();
  for (const k of FILTER_KEYS) if (filter[k]) q.set(k, filter[k] as string);
  if (filter.status !== 'pending') q.set('status', filter.status);
  if (filter.limit) q.set('limit', String(filter.limit));
  if (after) q.set('after', after);
  const s = q.toString();
  return s ? `${REVIEW_PATH}?${s}` : REVIEW_PATH;
}

const option = (value: string, label: string, selected: boolean): Html => html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;

function filters(f: ReviewFilter): Html {
  const text = (name: (typeof FILTER_KEYS)[number], label: string, placeholder: string) =>
    html`<label>${label} <input name="${name}" value="${f[name] ?? ''}" placeholder="${placeholder}"></label>`;
  return html`<form class="filters" method="get" action="${REVIEW_PATH}" role="search">
${text('speaker', 'Speaker', 'entity id, e.g. person:ana-ribeiro')}
${text('target', 'Target', 'entity id')}
<label>Stance <select name="stance">${option('', 'any', !f.stance)}${STANCES.map((s) => option(s, s, f.stance === s))}</select></label>
${text('site', 'Site', 'site name')}
<label>Published since <input name="since" value="${f.since ?? ''}" placeholder="YYYY-MM-DD"></label>
<label>until <input name="until" value="${f.until ?? ''}" placeholder="YYYY-MM-DD"></label>
<label>Status <select name="status">${STATUSES.map((s) => option(s, s, f.status === s))}</select></label>
${f.limit ? html`<input type="hidden" name="limit" value="${f.limit}">` : ''}<button type="submit">Filter</button> <a href="${REVIEW_PATH}">Clear</a>
</form>`;
}

function counts(f: ReviewFilter, c: ReviewCounts): Html {
  const matching = f.status === 'pending' ? '' : html` · <strong data-count="matching">${c.matching}</strong> ${f.status === 'any' ? 'claims' : f.status} under these filters`;
  return html`<p class="counts" id="counts"><strong data-count="pending-here">${c.pendingHere}</strong> pending under these filters · <strong data-count="pending-all">${c.pendingAll}</strong> pending in all${matching}</p>`;
}

function passage(claim: ClaimItem, article: ArticleText | undefined): Html {
  const p = article ? claimPassage(article.text, { speaker: claim.speaker, cue: claim.cue, content: claim.content }) : null;
  if (!p?.exact) {
    return html`<blockquote class="passage inexact"><mark class="m-content">${claim.content.text}</mark></blockquote><p class="note">The article's text no longer holds this claim where it was found: its own words are shown.</p>`;
  }
  const parts = p.segments.map((s) => (s.marks.length ? html`<mark class="${s.marks.map((m) => `m-${m}`).join(' ')}">${s.text}</mark>` : s.text));
  return html`<blockquote class="passage">${p.clippedStart ? '… ' : ''}${parts}${p.clippedEnd ? ' …' : ''}</blockquote>`;
}

/** A name with its entity id, linked to the queue filtered by it; or the text when it resolved to no entity. */
function party(filter: ReviewFilter, key: 'speaker' | 'target', p: { entityId: string | null; name: string | null; text: string | null } | null): Html {
  if (!p) return html`<span class="none">none</span>`;
  if (!p.entityId) return html`<span class="unresolved">${p.text ?? p.name ?? ''}</span> <span class="hint">(no entity)</span>`;
  return html`<a href="${reviewHref({ ...filter, [key]: p.entityId })}">${p.name ?? p.entityId}</a> <code>${p.entityId}</code>`;
}

function articleLine(filter: ReviewFilter, a: ArticleText | undefined): Html {
  if (!a) return html`<p class="article">(article not found)</p>`;
  const href = safeHref(a.url);
  const title = a.title ?? a.url ?? a.id;
  return html`<p class="article">${href ? html`<a class="title" href="${href}" rel="noreferrer noopener" target="_blank">${title}</a>` : html`<span class="title">${title}</span>`}${
    a.siteName ? html` · <a class="site" href="${reviewHref({ ...filter, site: a.siteName })}">${a.siteName}</a>` : ''
  }${a.publishedAt ? html` · <time datetime="${a.publishedAt}">${a.publishedAt.slice(0, 10)}</time>` : ''}</p>`;
}

/** "rule quote-np-said", "model learned-attribution (attribution-polnear:550d627a105a)". */
const producer = (p: Producer): string => `${p.by} ${p.name}${p.model ? ` (${p.model})` : ''}`;

/** The entities the claim is aimed at beside its target, each with the stance toward it. */
function otherTargets(filter: ReviewFilter, claim: ClaimItem): Html | string {
  const rest = (claim.targets ?? []).filter((t) => !claim.target || t.entityId !== claim.target.entityId || t.text !== claim.target.text);
  if (!rest.length) return '';
  return html`<div><dt>Also aimed at</dt><dd data-field="targets">${rest.map((t, i) => html`${i ? ', ' : ''}${party(filter, 'target', t)} <span class="stance-${t.stance}">${t.stance}</span>`)}</dd></div>`;
}

function claimEntry(claim: ClaimItem, article: ArticleText | undefined, entities: string, data: ReviewPageData): Html {
  const f = data.filter;
  const actions = data.canReview
    ? html`<div class="actions"><button type="button" data-action="accept">Accept <kbd>a</kbd></button> <button type="button" data-action="reject">Reject <kbd>r</kbd></button> <button type="button" data-action="correct">Correct <kbd>c</kbd></button></div>`
    : '';
  return html`<li class="claim" tabindex="-1" data-claim-id="${claim.id}" data-status="${claim.status}" data-stance="${claim.stance}" data-speaker="${claim.speaker?.entityId ?? ''}" data-speaker-text="${claim.speaker?.text ?? ''}" data-target="${claim.target?.entityId ?? ''}" data-target-text="${claim.target?.text ?? claim.target?.name ?? ''}" data-entities="${entities}">
${articleLine(f, article)}
${passage(claim, article)}
<dl class="facts">
<div><dt>Speaker</dt><dd data-field="speaker">${party(f, 'speaker', claim.speaker)}</dd></div>
<div><dt>Target</dt><dd data-field="target">${party(f, 'target', claim.target)}</dd></div>
<div><dt>Stance</dt><dd data-field="stance" class="stance-${claim.stance}">${claim.stance}</dd></div>
${otherTargets(f, claim)}
<div><dt>Confidence</dt><dd>${claim.confidence.toFixed(2)}</dd></div>
${claim.provenance ? html`<div><dt>Found by</dt><dd data-field="provenance">${producer(claim.provenance.attribution)}; stance by ${producer(claim.provenance.stance)}</dd></div>` : ''}
<div><dt>Kind</dt><dd>${claim.kind}</dd></div>
<div><dt>Status</dt><dd data-field="status" class="status-${claim.status}">${claim.status}</dd></div>
${claim.flag ? html`<div><dt>Flag</dt><dd class="flag">${claim.flag === 'changed' ? 'changed: the extractor now finds it different from what was reviewed' : 'missing: the extractor no longer finds it'}</dd></div>` : ''}
${claim.correction ? html`<div><dt>Corrected</dt><dd>${Object.keys(claim.correction).join(', ')}</dd></div>` : ''}
</dl>
${actions}
<p class="message" role="alert"></p>
</li>`;
}

/** Each article's entities once, as the options of the correction form's speaker and target choices. */
function entityTemplate(id: string, a: ArticleText): Html {
  const sorted = [...a.entities].sort((x, y) => x.name.localeCompare(y.name));
  return html`<template id="${id}">${sorted.map((e) => html`<option value="${e.id}">${e.name} (${e.type})</option>`)}</template>`;
}

const HELP = html`<section id="help" class="help" hidden aria-labelledby="help-title">
<h2 id="help-title">Keys</h2>
<dl>
<div><dt><kbd>j</kbd> <kbd>↓</kbd></dt><dd>next claim</dd></div>
<div><dt><kbd>k</kbd> <kbd>↑</kbd></dt><dd>previous claim</dd></div>
<div><dt><kbd>a</kbd></dt><dd>accept</dd></div>
<div><dt><kbd>r</kbd></dt><dd>reject</dd></div>
<div><dt><kbd>c</kbd></dt><dd>correct: stance, speaker, target (<kbd>Enter</kbd> saves, <kbd>Esc</kbd> cancels)</dd></div>
<div><dt><kbd>n</kbd></dt><dd>next page</dd></div>
<div><dt><kbd>/</kbd></dt><dd>the filters</dd></div>
<div><dt><kbd>?</kbd></dt><dd>this help (<kbd>Esc</kbd> closes it)</dd></div>
</dl>
</section>`;

export function renderReviewPage(data: ReviewPageData): string {
  const f = data.filter;
  const templates = new Map<string, string>();
  for (const c of data.claims) if (data.articles.has(c.articleId) && !templates.has(c.articleId)) templates.set(c.articleId, `entities-${templates.size + 1}`);
  const empty = f.status === 'pending' ? 'Nothing left to review under these filters.' : 'No claims match these filters.';
  const list = data.claims.length
    ? html`<ol id="queue" class="queue">${data.claims.map((c) => claimEntry(c, data.articles.get(c.articleId), templates.get(c.articleId) ?? '', data))}</ol>`
    : html`<p class="empty" id="empty">${empty}</p>`;
  const pages = html`<nav class="pages">${data.paged ? html`<a href="${reviewHref(f)}">First page</a>` : ''} ${data.next ? html`<a rel="next" id="next-page" href="${reviewHref(f, data.next)}">Next page <kbd>n</kbd></a>` : ''}</nav>`;
  const body = html`<header class="top">
<h1>Claims to review</h1>
${counts(f, data.counts)}
<form id="reviewer-form" class="reviewer"><label>Reviewer <input id="reviewer" name="reviewer" autocomplete="name" placeholder="your name" maxlength="200"></label></form>
<button type="button" id="help-button" aria-controls="help">Keys <kbd>?</kbd></button>
${data.signedIn ? html`<form method="post" action="${LOGOUT_PATH}" class="logout"><button type="submit">Sign out</button></form>` : ''}
</header>
${filters(f)}
${data.error ? html`<p class="error" role="alert">${data.error}</p>` : ''}
${data.canReview ? '' : html`<p class="notice">Your key may read but not review (a reviewer needs the analyst role).</p>`}
<noscript><p class="notice">Reviewing needs JavaScript; the filters and pages work without it.</p></noscript>
<p id="live" class="live" role="status" aria-live="polite"></p>
${list}
${pages}
${[...templates].map(([articleId, id]) => entityTemplate(id, data.articles.get(articleId) as ArticleText))}
${HELP}`;
  return layout('Review claims', body, html` data-status="${f.status}" data-can-review="${data.canReview ? 'true' : 'false'}"`).value;
}
