// Article metadata from, in order of trust: JSON-LD, OpenGraph/meta tags, <time> and byline markup,
// the URL, the text. Dates keep the page's own UTC offset (a page's "22:00-05:00" stays on its day).
import type { CheerioAPI } from 'cheerio';
import { decodeHTML } from 'entities';
import { articleObject, jsonLdObjects, ldNames, ldString, type LdObject } from './jsonld.js';
import { firstFullDate, normalizeDate } from './normalize-date.js';
import { textOf } from './tree-facts.js';

export interface Metadata {
  title: string | null;
  authors: string[];
  siteName: string | null;
  language: string | null;
  description: string | null;
  canonicalUrl: string | null;
  publishedAt: string | null;
  publishedAtSource: 'jsonld' | 'meta' | 'url' | 'text' | null;
  modifiedAt: string | null;
}

/** Whitespace collapsed, and entities a page escaped twice ("&amp;#039;" in a meta tag) decoded. */
const clean = (s: string | undefined | null) => {
  const t = (s ?? '').replace(/\s+/g, ' ').trim();
  return /&(?:#\d+|#x[\da-f]+|[a-z]+);/i.test(t) ? decodeHTML(t) : t;
};

const metaIndexes = new WeakMap<CheerioAPI, Map<string, string | undefined>>();

/**
 * The content of the first meta tag whose property, name or itemprop is each key, in one pass over the
 * page's meta tags: a selector per key would read the whole page some forty times.
 */
function metaIndex($: CheerioAPI): Map<string, string | undefined> {
  let index = metaIndexes.get($);
  if (!index) {
    index = new Map();
    for (const el of $('meta').get()) {
      for (const attr of ['property', 'name', 'itemprop']) {
        const key = el.attribs?.[attr];
        if (key !== undefined && !index.has(key)) index.set(key, el.attribs?.content);
      }
    }
    metaIndexes.set($, index);
  }
  return index;
}

function meta($: CheerioAPI, ...names: string[]): string | undefined {
  const index = metaIndex($);
  for (const n of names) {
    const v = index.get(n);
    if (v && clean(v)) return clean(v);
  }
  return undefined;
}

const PUBLISHED_META = [
  'article:published_time', 'og:article:published_time', 'datePublished', 'parsely-pub-date', 'sailthru.date',
  'publish-date', 'publish_date', 'pubdate', 'publishdate', 'date', 'dc.date', 'DC.date', 'dc.date.issued',
  'DC.date.issued', 'dcterms.created', 'article.published', 'cXenseParse:recs:publishtime', 'original-publish-date',
];
const MODIFIED_META = ['article:modified_time', 'og:updated_time', 'dateModified', 'last-modified', 'dcterms.modified'];

const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?';
/** Where a byline stops naming people: a date, a time, "updated", "+5 more". */
const BYLINE_END = new RegExp(`\\s*(?:[-\u2013\u2014|\u00b7\u2022]\\s*)?(?:\\b${MONTH}\\s+\\d|\\b\\d{1,2}[:/]\\d|\\b(?:updated|published|posted)\\b|\\+\\d+ more).*$`, 'i');
const NOT_A_NAME = /\b(staff|reporters?|editors? at|news|agency|press|wire|company|brandroom|officer|president|director|head of|ceo|founder|chief|contributors?)\b|\d|^https?:/i;

/** Splits a byline into names: "By Ann Lee and Bo Chen, Reuters - Dec 21, 2023" → ["Ann Lee", "Bo Chen"]. */
export function splitAuthors(raw: string, siteName: string | null = null): string[] {
  const s = clean(raw)
    .replace(/^(by|written by|words by|story by|von|par|por)\s+/i, '')
    .replace(BYLINE_END, '')
    .replace(/\s*[|\u2022\u00b7]\s*.*$/, '');
  return s
    .split(/\s*(?:,|\band\b|&|;)\s*/i)
    .map((n) => n.replace(/^(by)\s+/i, '').trim())
    .filter((n) => n && n.length < 60 && /\p{Lu}/u.test(n) && !NOT_A_NAME.test(n) && n.split(' ').length <= 5 && n.toLowerCase() !== siteName?.toLowerCase());
}

function dedupe(names: string[]): string[] {
  const seen = new Set<string>();
  return names.filter((n) => {
    const k = n.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function authorsFrom($: CheerioAPI, ld: LdObject | undefined, siteName: string | null): string[] {
  const split = (raw: string) => splitAuthors(raw, siteName);
  const fromLd = dedupe(ldNames(ld?.author ?? ld?.creator).flatMap(split));
  if (fromLd.length) return fromLd;
  const fromMeta = meta($, 'author', 'article:author', 'parsely-author', 'sailthru.author', 'byl', 'dc.creator', 'DC.creator');
  if (fromMeta && !/^https?:/.test(fromMeta)) return dedupe(split(fromMeta));
  const el = $('[itemprop="author"] [itemprop="name"], [itemprop="author"], [rel="author"], .byline__name, .author-name, .byline, .author').first();
  return el.length ? dedupe(split(el.text())) : [];
}

function titleFrom($: CheerioAPI, ld: LdObject | undefined, siteName: string | null): string | null {
  // the headline the reader sees: an <h1> inside the article, when it is a headline's length
  const h1 = clean($('article h1, main h1, [itemprop="headline"], h1').first().text());
  const visible = h1.split(' ').length >= 3 && h1.length <= 300 ? h1 : '';
  const candidates = [visible, clean(ldString(ld?.headline)), meta($, 'og:title', 'twitter:title'), h1, clean($('title').first().text())];
  for (const c of candidates) {
    if (!c) continue;
    return stripSiteName(c, siteName);
  }
  return null;
}

function stripSiteName(title: string, siteName: string | null): string {
  // the last " | Site", " - Site" goes when it names the site or is short; the rest stays as written
  const seps = [...title.matchAll(/\s+[|\u2013\u2014·•»-]\s+/g)];
  const last = seps.at(-1);
  if (!last) return title;
  const tail = title.slice((last.index ?? 0) + last[0].length);
  if ((siteName && tail.toLowerCase().includes(siteName.toLowerCase())) || tail.split(' ').length <= 3) return title.slice(0, last.index);
  return title;
}

const URL_DATE = /\/(20\d\d|19\d\d)[/-](\d{1,2})[/-](\d{1,2})(?:\/|-|$)|[/-](20\d\d)(\d\d)(\d\d)(?:[/-]|$)/;

export function dateFromUrl(url: string | null | undefined): string | null {
  const m = url ? URL_DATE.exec(url) : null;
  if (!m) return null;
  const [y, mo, d] = m[1] ? [m[1], m[2], m[3]] : [m[4], m[5], m[6]];
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const NOT_TEXT = new Set(['script', 'style', 'noscript', 'nav']);

/** A full date written near the top of the page (a byline's "December 20, 2023"), for pages that give no other. */
function dateInHeader($: CheerioAPI): string | null {
  const scope = $('article').first().length ? $('article').first() : $('body');
  // the scope's text without scripts and menus, read in place: a copy searched by selector costs the
  // square of the scope's children
  const head = clean(scope.get().map((el) => textOf(el, NOT_TEXT)).join('')).slice(0, 3000);
  return firstFullDate(head);
}

export function extractMetadata($: CheerioAPI, url: string | null): Metadata {
  const ld = articleObject(jsonLdObjects($));
  const publisher = ld?.publisher as LdObject | undefined;
  const siteName = meta($, 'og:site_name', 'application-name') ?? ldString(publisher?.name) ?? null;
  const canonical = $('link[rel="canonical"]').attr('href') ?? meta($, 'og:url') ?? ldString(ld?.url ?? ld?.mainEntityOfPage);
  let canonicalUrl: string | null = null;
  if (canonical) {
    try {
      canonicalUrl = new URL(canonical, url ?? undefined).href;
    } catch {
      canonicalUrl = null;
    }
  }

  let publishedAt: string | null = null;
  let publishedAtSource: Metadata['publishedAtSource'] = null;
  const ldDate = normalizeDate(ldString(ld?.datePublished) ?? ldString(ld?.dateCreated));
  const metaDate = normalizeDate(meta($, ...PUBLISHED_META));
  const timeEl = $('time[itemprop="datePublished"], time[pubdate], article time[datetime], time[datetime]').first();
  const timeDate = normalizeDate(timeEl.attr('datetime') ?? timeEl.text());
  const urlDate = dateFromUrl(url) ?? dateFromUrl(canonicalUrl);
  if (ldDate) [publishedAt, publishedAtSource] = [ldDate, 'jsonld'];
  else if (metaDate) [publishedAt, publishedAtSource] = [metaDate, 'meta'];
  else if (timeDate) [publishedAt, publishedAtSource] = [timeDate, 'meta'];
  else if (urlDate) [publishedAt, publishedAtSource] = [urlDate, 'url'];
  else {
    const textDate = dateInHeader($);
    if (textDate) [publishedAt, publishedAtSource] = [textDate, 'text'];
  }

  const lang = $('html').attr('lang') ?? meta($, 'og:locale', 'language', 'content-language') ?? ldString(ld?.inLanguage);
  return {
    title: titleFrom($, ld, siteName),
    authors: authorsFrom($, ld, siteName),
    siteName,
    language: lang ? (lang.toLowerCase().split(/[-_]/)[0] ?? null) : null,
    description: ldString(ld?.description) ?? meta($, 'og:description', 'description', 'twitter:description') ?? null,
    canonicalUrl,
    publishedAt,
    publishedAtSource,
    modifiedAt: normalizeDate(ldString(ld?.dateModified) ?? meta($, ...MODIFIED_META)),
  };
}
