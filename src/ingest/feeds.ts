// News feeds and sitemaps in, article URLs out. Pure: the caller fetches, this reads one document.
// RSS 2.0 (and 0.9x), RSS 1.0/RDF, Atom (1.0 and 0.3), sitemaps with Google News tags, sitemap indexes.
// The XML is parsed by fast-xml-parser with namespaces resolved here, so `atom:link` inside RSS is never
// mistaken for RSS's own `link`, whatever prefix a feed picks.
import { load as loadHtml } from 'cheerio';
import { decodeHTMLStrict } from 'entities';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { stripCredentials, withoutCredentials } from '../url.js';

/** Larger inputs are refused unread: a news feed or sitemap is far smaller. */
export const MAX_FEED_BYTES = 10 * 1024 * 1024;
/** Entries kept per document, the sitemap protocol's limit; the rest are dropped. */
export const MAX_FEED_ENTRIES = 50_000;

export interface FeedEntry {
  url: string;
  title: string | null;
  /** ISO 8601 with the feed's own UTC offset (none when the feed gives none), or a bare date. */
  publishedAt: string | null;
}

export type FeedKind = 'rss' | 'atom' | 'rdf' | 'sitemap' | 'sitemap-index';

export type FeedResult =
  | { ok: true; kind: FeedKind; title: string | null; entries: FeedEntry[] }
  | { ok: false; reason: 'not-a-feed' | 'malformed'; detail: string };

const FEED_MEDIA_TYPES = new Set(['rss+xml', 'atom+xml', 'rdf+xml', 'x-rss+xml', 'x-atom+xml', 'xml']);

/** Whether a Content-Type header names an RSS, Atom, RDF or generic XML body. */
export function isFeedContentType(contentType: string): boolean {
  const [type = '', subtype = ''] = (contentType.split(';')[0] ?? '').trim().toLowerCase().split('/');
  return (type === 'application' || type === 'text') && FEED_MEDIA_TYPES.has(subtype);
}

const NS = {
  xml: 'http://www.w3.org/XML/1998/namespace',
  atom: 'http://www.w3.org/2005/Atom',
  atom03: 'http://purl.org/atom/ns#',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rss1: 'http://purl.org/rss/1.0/',
  rss090: 'http://my.netscape.com/rdf/simple/0.9/',
  dc: 'http://purl.org/dc/elements/1.1/',
  news: 'http://www.google.com/schemas/sitemap-news/0.9',
} as const;

// Feeds in the wild use these prefixes without declaring them; an undeclared one is read as its usual namespace.
const CONVENTIONAL_PREFIXES: ReadonlyMap<string, string> = new Map([
  ['atom', NS.atom],
  ['dc', NS.dc],
  ['news', NS.news],
  ['rdf', NS.rdf],
]);

// The parser decodes entities through this: the XML and HTML named and numeric references, and never an
// entity a document declares in its DTD, so a "billion laughs" declaration stays unexpanded text.
const entityDecoder = {
  setExternalEntities: () => {},
  addInputEntities: () => {},
  reset: () => {},
  setXmlVersion: () => {},
  decode: decodeHTMLStrict,
};

const parser = new XMLParser({
  preserveOrder: true, // mixed content (Atom xhtml titles) keeps its order
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  entityDecoder,
});

/** An element with its namespace resolved and its xml:base applied. */
interface El {
  ns: string | null;
  local: string;
  attrs: { ns: string | null; local: string; value: string }[];
  /** The base its relative URLs resolve against. */
  base: string | undefined;
  kids: (El | string)[];
}

type Scope = ReadonlyMap<string, string>; // prefix → namespace ('' the default namespace)

function splitName(qname: string): [prefix: string | null, local: string] {
  const colon = qname.indexOf(':');
  return colon < 0 ? [null, qname] : [qname.slice(0, colon), qname.slice(colon + 1)];
}

function prefixNamespace(scope: Scope, prefix: string): string | null {
  return scope.get(prefix) ?? CONVENTIONAL_PREFIXES.get(prefix) ?? (prefix ? `urn:undeclared-prefix:${prefix}` : null);
}

function resolveBase(ref: string, base: string | undefined): string | undefined {
  try {
    return new URL(ref.trim(), base).href;
  } catch {
    return base;
  }
}

/** fast-xml-parser's ordered output (`[{ tag: [...children], ':@': attrs }, { '#text': s }]`) as El trees. */
function toTree(nodes: unknown, scope: Scope, base: string | undefined): (El | string)[] {
  const out: (El | string)[] = [];
  if (!Array.isArray(nodes)) return out;
  for (const node of nodes as Record<string, unknown>[]) {
    for (const [key, value] of Object.entries(node)) {
      if (key === ':@') continue;
      if (key === '#text') out.push(String(value));
      else out.push(toElement(key, value, (node[':@'] ?? {}) as Record<string, unknown>, scope, base));
    }
  }
  return out;
}

function toElement(qname: string, kids: unknown, rawAttrs: Record<string, unknown>, parentScope: Scope, parentBase: string | undefined): El {
  let scope = parentScope;
  const plain: [string, string][] = [];
  for (const [name, raw] of Object.entries(rawAttrs)) {
    const value = String(raw);
    if (name !== 'xmlns' && !name.startsWith('xmlns:')) {
      plain.push([name, value]);
      continue;
    }
    const declared = new Map(scope); // copied only where a declaration changes the scope
    declared.set(name === 'xmlns' ? '' : name.slice(6), value);
    scope = declared;
  }
  const attrs = plain.map(([name, value]) => {
    const [prefix, local] = splitName(name);
    return { ns: prefix === null ? null : prefixNamespace(scope, prefix), local, value }; // unprefixed attributes have no namespace
  });
  const [prefix, local] = splitName(qname);
  const xmlBase = attrs.find((a) => a.ns === NS.xml && a.local === 'base')?.value;
  const base = xmlBase === undefined ? parentBase : resolveBase(xmlBase, parentBase);
  return { ns: prefixNamespace(scope, prefix ?? '') || null, local, attrs, base, kids: toTree(kids, scope, base) };
}

const children = (el: El, local: string, ns: readonly (string | null)[]): El[] =>
  el.kids.filter((k): k is El => typeof k !== 'string' && k.local === local && ns.includes(k.ns));
const child = (el: El | undefined, local: string, ns: readonly (string | null)[]): El | undefined =>
  el && children(el, local, ns)[0];
const attr = (el: El, local: string, ns: string | null = null): string | undefined =>
  el.attrs.find((a) => a.local === local && a.ns === ns)?.value;
const rawText = (el: El): string => el.kids.map((k) => (typeof k === 'string' ? k : rawText(k))).join('');

/** An element's text, whitespace collapsed; null when there is none. `html` text is reduced to its words. */
function textOf(el: El | undefined, html = false): string | null {
  if (!el) return null;
  let s = rawText(el);
  if (html) s = loadHtml(s, null, false).root().text();
  s = s.replace(/\s+/g, ' ').trim();
  return s || null;
}

/** The http(s) URL a link names, resolved, without user-info or fragment; null for anything else. */
function articleUrl(ref: string | null | undefined, base: string | undefined): string | null {
  const s = ref?.trim();
  if (!s) return null;
  let url: URL;
  try {
    url = withoutCredentials(new URL(s, base));
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  return url.href;
}

// ---- dates ----

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
// RFC 822's zone names, and a few unambiguous ones feeds use; others leave the time without an offset
const ZONES: Readonly<Record<string, string>> = {
  z: 'Z', gmt: 'Z', ut: 'Z', utc: 'Z',
  est: '-05:00', edt: '-04:00', cst: '-06:00', cdt: '-05:00', mst: '-07:00', mdt: '-06:00', pst: '-08:00', pdt: '-07:00',
  cet: '+01:00', cest: '+02:00', eet: '+02:00', eest: '+03:00', jst: '+09:00',
};
const W3C_DATE = /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(\.\d+)?)?\s*(Z|[+-]\d\d:?\d\d)?)?$/i;
const RFC822_DATE = /^(?:[a-z]+,?\s*)?(\d{1,2})[\s-]+([a-z]{3,})\.?[\s-]+(\d{4}|\d\d)\s+(\d{1,2}):(\d\d)(?::(\d\d))?(?:\s*([a-z]+|[+-]\d\d:?\d\d))?$/i;

const pad = (n: number) => String(n).padStart(2, '0');

function zoneOf(zone: string | undefined): string | null | undefined {
  if (zone === undefined) return undefined;
  const named = ZONES[zone.toLowerCase()];
  if (named) return named;
  const m = /^([+-])(\d\d):?(\d\d)$/.exec(zone);
  if (!m) return undefined; // a zone name we do not know: the local time stands without an offset
  return Number(m[2]) <= 23 && Number(m[3]) <= 59 ? `${m[1]}${m[2]}:${m[3]}` : null;
}

function isoDate(y: number, mo: number, d: number, time?: { h: number; mi: number; s: number; frac: string; zone: string | undefined }): string | null {
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (mo < 1 || mo > 12 || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return null;
  const date = `${String(y).padStart(4, '0')}-${pad(mo)}-${pad(d)}`;
  if (!time) return date;
  const zone = zoneOf(time.zone);
  if (zone === null || time.h > 23 || time.mi > 59 || time.s > 59) return null;
  return `${date}T${pad(time.h)}:${pad(time.mi)}:${pad(time.s)}${time.frac}${zone ?? ''}`;
}

/** A W3C/ISO 8601 or RFC 822 date as ISO 8601; null when it reads as neither or names no real day. */
export function feedDate(value: string | null): string | null {
  const s = value?.trim();
  if (!s || s.length > 64) return null;
  const w = W3C_DATE.exec(s);
  if (w) {
    const [, y, mo, d, h, mi, sec, frac, zone] = w;
    const time = h === undefined ? undefined : { h: Number(h), mi: Number(mi), s: Number(sec ?? 0), frac: frac ?? '', zone };
    return isoDate(Number(y), Number(mo), Number(d), time);
  }
  const r = RFC822_DATE.exec(s);
  if (!r) return null;
  const [, d, month = '', yy = '', h, mi, sec, zone] = r;
  const mo = MONTHS.indexOf(month.slice(0, 3).toLowerCase()) + 1;
  if (mo === 0) return null;
  const y = yy.length === 2 ? Number(yy) + (Number(yy) < 50 ? 2000 : 1900) : Number(yy);
  return isoDate(y, mo, Number(d), { h: Number(h), mi: Number(mi), s: Number(sec ?? 0), frac: '', zone });
}

// ---- entries, per format ----

type Feed = { kind: FeedKind; title: string | null; entries: FeedEntry[] };

/** Entries in document order, each URL once (the first wins), at most MAX_FEED_ENTRIES. */
function collect(els: El[], read: (el: El) => FeedEntry | null): FeedEntry[] {
  const seen = new Set<string>();
  const entries: FeedEntry[] = [];
  for (const el of els) {
    const entry = read(el);
    if (!entry || seen.has(entry.url)) continue;
    seen.add(entry.url);
    entries.push(entry);
    if (entries.length === MAX_FEED_ENTRIES) break;
  }
  return entries;
}

const ALTERNATE = new Set(['alternate', 'http://www.iana.org/assignments/relation/alternate']);
const PAGE_TYPES = new Set(['text/html', 'application/xhtml+xml']);

/** An Atom element's page link: rel="alternate" or no rel, preferring an HTML one; never self/edit/enclosure. */
function atomLink(el: El, ns: readonly (string | null)[]): string | null {
  const alternates = children(el, 'link', ns).filter((l) => ALTERNATE.has((attr(l, 'rel') ?? 'alternate').trim().toLowerCase()));
  const isPage = (l: El) => {
    const type = attr(l, 'type')?.trim().toLowerCase();
    return type === undefined || PAGE_TYPES.has(type);
  };
  for (const l of [...alternates.filter(isPage), ...alternates]) {
    const url = articleUrl(attr(l, 'href'), l.base);
    if (url) return url;
  }
  return null;
}

/** An RSS guid stands for the page unless it says isPermaLink="false", and only when it is an absolute URL. */
function permalinkGuid(item: El, ns: readonly (string | null)[]): string | null {
  const guid = child(item, 'guid', ns);
  if (!guid || attr(guid, 'isPermaLink')?.trim().toLowerCase() === 'false') return null;
  return articleUrl(textOf(guid), undefined);
}

function readRss(root: El): Feed {
  const ns = [root.ns];
  const channel = child(root, 'channel', ns) ?? root;
  const entries = collect(children(channel, 'item', ns), (item) => {
    const link = child(item, 'link', ns);
    const url = articleUrl(textOf(link), link?.base) ?? permalinkGuid(item, ns) ?? atomLink(item, [NS.atom]);
    if (!url) return null;
    const date = feedDate(textOf(child(item, 'pubDate', ns))) ?? feedDate(textOf(child(item, 'date', [NS.dc])));
    return { url, title: textOf(child(item, 'title', ns)), publishedAt: date };
  });
  return { kind: 'rss', title: textOf(child(channel, 'title', ns)), entries };
}

const RSS1 = [NS.rss1, NS.rss090];

function readRdf(root: El): Feed | null {
  const channel = child(root, 'channel', RSS1);
  const items = children(root, 'item', RSS1);
  if (!channel && items.length === 0) return null; // RDF, but not RSS
  const entries = collect(items, (item) => {
    const link = child(item, 'link', RSS1);
    const url = articleUrl(textOf(link), link?.base) ?? articleUrl(attr(item, 'about', NS.rdf), undefined);
    if (!url) return null;
    return { url, title: textOf(child(item, 'title', RSS1)), publishedAt: feedDate(textOf(child(item, 'date', [NS.dc]))) };
  });
  return { kind: 'rdf', title: textOf(child(channel, 'title', RSS1)), entries };
}

/** An Atom text construct: type="html" (or 0.3's mode="escaped") holds escaped markup, xhtml holds elements. */
function atomText(el: El | undefined): string | null {
  if (!el) return null;
  const escaped = attr(el, 'type')?.trim().toLowerCase() === 'html' || attr(el, 'mode')?.trim().toLowerCase() === 'escaped';
  return textOf(el, escaped);
}

function readAtom(root: El): Feed {
  const ns = [root.ns];
  const entries = collect(children(root, 'entry', ns), (entry) => {
    const url = atomLink(entry, ns);
    if (!url) return null;
    // 1.0 has published/updated, 0.3 issued/modified; the first readable one is the entry's date
    const dates = ['published', 'issued', 'updated', 'modified'].map((name) => feedDate(textOf(child(entry, name, ns))));
    return { url, title: atomText(child(entry, 'title', ns)), publishedAt: dates.find((d) => d !== null) ?? null };
  });
  return { kind: 'atom', title: atomText(child(root, 'title', ns)), entries };
}

function readSitemap(root: El, kind: 'sitemap' | 'sitemap-index'): Feed {
  const ns = [root.ns];
  const entries = collect(children(root, kind === 'sitemap' ? 'url' : 'sitemap', ns), (el) => {
    const loc = child(el, 'loc', ns);
    const url = articleUrl(textOf(loc), loc?.base);
    if (!url) return null;
    const news = child(el, 'news', [NS.news]);
    const newsDate = feedDate(textOf(child(news, 'publication_date', [NS.news])));
    return { url, title: textOf(child(news, 'title', [NS.news])), publishedAt: newsDate ?? feedDate(textOf(child(el, 'lastmod', ns))) };
  });
  return { kind, title: null, entries };
}

/** The document read by its root element, or what it is instead when it is not a feed. */
function readRoot(root: El): Feed | string {
  switch (root.local) {
    case 'rss':
      return readRss(root);
    case 'RDF':
      if (root.ns === NS.rdf) return readRdf(root) ?? 'an RDF document without an RSS 1.0 channel or items';
      break;
    case 'feed':
      if (root.ns === NS.atom || root.ns === NS.atom03 || root.ns === null) return readAtom(root);
      break;
    case 'urlset':
      return readSitemap(root, 'sitemap');
    case 'sitemapindex':
      return readSitemap(root, 'sitemap-index');
    case 'html':
      return 'an HTML page';
  }
  return `an XML document whose root element is <${root.local}>${root.ns ? ` (namespace ${root.ns})` : ''}`;
}

// ---- the document ----

const NOT_A_FEED = 'not an RSS, Atom, RDF or sitemap document';

/** What a body that does not start as XML looks like, for the refusal's detail. */
function lookOf(text: string): string | null {
  if (text.startsWith('{') || text.startsWith('[')) {
    try {
      const json: unknown = JSON.parse(text);
      const version = (json as { version?: unknown } | null)?.version;
      if (typeof version === 'string' && version.includes('jsonfeed.org')) return 'a JSON Feed (JSON, which is not read)';
    } catch {
      /* truncated or loose JSON still looks like JSON */
    }
    return 'JSON';
  }
  const head = text.slice(0, 1024).toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) return 'an HTML page';
  if (!text.startsWith('<')) return `text, not XML (it starts ${JSON.stringify(text.slice(0, 24))})`;
  return null;
}

/**
 * Reads an RSS, RDF or Atom feed, a sitemap or a sitemap index into its entries' page URLs (child sitemaps'
 * URLs for an index), with titles and dates when given. Relative links resolve against xml:base and `feedUrl`.
 */
export function parseFeed(xml: string, feedUrl: string): FeedResult {
  const name = stripCredentials(feedUrl);
  const refuse = (reason: 'not-a-feed' | 'malformed', what: string): FeedResult => ({ ok: false, reason, detail: `${name}: ${what}` });

  const bytes = Buffer.byteLength(xml, 'utf8');
  if (bytes > MAX_FEED_BYTES) return refuse('malformed', `${(bytes / 1024 / 1024).toFixed(1)} MB is over the ${MAX_FEED_BYTES / 1024 / 1024} MB limit for a feed`);
  const text = xml.replace(/^\uFEFF/, '').trimStart();
  if (!text) return refuse('not-a-feed', 'the document is empty');
  const look = lookOf(text);
  if (look) return refuse('not-a-feed', `looks like ${look}, ${NOT_A_FEED}`);

  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    if (/<html[\s>]/i.test(text.slice(0, 1024))) return refuse('not-a-feed', `looks like an HTML page, ${NOT_A_FEED}`);
    const { msg, line, col } = valid.err;
    return refuse('malformed', `not well-formed XML at line ${line}, column ${col}: ${msg}`);
  }
  let tree: (El | string)[];
  try {
    let base: string | undefined;
    try {
      base = new URL(feedUrl).href;
    } catch {
      base = undefined; // only absolute links can be read then
    }
    tree = toTree(parser.parse(text), new Map([['xml', NS.xml]]), base);
  } catch (e) {
    return refuse('malformed', `the XML could not be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  const root = tree.find((n): n is El => typeof n !== 'string');
  if (!root) return refuse('malformed', 'the XML has no root element');
  const feed = readRoot(root);
  if (typeof feed === 'string') return refuse('not-a-feed', `looks like ${feed}, ${NOT_A_FEED}`);
  return { ok: true, ...feed };
}
