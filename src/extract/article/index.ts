// Stage 1: the article. HTML → main text + metadata; plain text → the text unchanged (offsets point into it).
import type { AnyNode } from 'domhandler';
import type { PageKind } from '../../record.js';
import { mainParagraphs, stripBoilerplate, stripByClass } from './main-text.js';
import { extractMetadata, type Metadata } from './metadata.js';
import { firstFullDate } from './normalize-date.js';
import { loadHtml } from './load-html.js';
import { prepareHtml } from './prepare-html.js';
import { depthOf } from './tree-facts.js';

export { normalizeDate } from './normalize-date.js';

export interface Article extends Metadata {
  text: string;
  pageKind: PageKind;
}

const EMPTY_META: Metadata = {
  title: null,
  authors: [],
  siteName: null,
  language: null,
  description: null,
  canonicalUrl: null,
  publishedAt: null,
  publishedAtSource: null,
  modifiedAt: null,
};

const ENGLISH = /\b(the|and|of|to|in|said|that|is|was|for|on|with)\b/gi;

function guessLanguage(text: string): string | null {
  const words = text.split(/\s+/).length;
  return words > 5 && (text.match(ENGLISH)?.length ?? 0) / words > 0.08 ? 'en' : null;
}

function pageKindOf(text: string): PageKind {
  const words = text.split(/\s+/).filter(Boolean).length;
  if (words < 150) {
    if (/\b(cookies?|consent|privacy settings|accept all)\b/i.test(text)) return 'consent-wall';
    if (/\b(subscribe|subscription|sign in to (read|continue)|already a subscriber)\b/i.test(text)) return 'paywall-stub';
  }
  if (words < 25) return 'non-article';
  return 'article';
}

export function articleFromText(text: string): Article {
  const firstLine = text.trim().split('\n')[0]?.trim() ?? '';
  // a full date in the first lines ("date 2019-10-09 Home » Nation") is the text's dateline
  const headDate = firstFullDate(text.slice(0, 300));
  return {
    ...EMPTY_META,
    ...(headDate ? { publishedAt: headDate, publishedAtSource: 'text' as const } : {}),
    title: firstLine && firstLine.length < 200 && !/[.!?"”]$/.test(firstLine) ? firstLine : null,
    language: guessLanguage(text),
    text,
    // the caller says plain text is an article; only an empty one is not
    pageKind: text.trim() ? 'article' : 'non-article',
  };
}

/**
 * Markup nested deeper is refused. The deepest page of the dev sets nests 139 levels, and browsers' parsers
 * stop nesting at 512; cheerio's walks recurse as deep as the markup goes.
 */
export const MAX_HTML_DEPTH = 512;

const tooDeep = (depth: number, about = '') => new RangeError(`HTML nested too deeply to read: ${about}${depth} levels (the limit is ${MAX_HTML_DEPTH})`);

export function articleFromHtml(html: string, url: string | null): Article {
  const { html: page, depth: estimate } = prepareHtml(html);
  // estimated before parsing (within 1% of the parsed depth on every dev page): a page thousands deep
  // would cost the parser minutes before it could be measured
  if (estimate > MAX_HTML_DEPTH) throw tooDeep(estimate, 'about ');
  const $ = loadHtml(page);
  const depth = depthOf($.root().get(0) as AnyNode);
  if (depth > MAX_HTML_DEPTH) throw tooDeep(depth);
  const meta = extractMetadata($, url);
  stripBoilerplate($);
  const undo = stripByClass($);
  let paragraphs = mainParagraphs($);
  // removing boilerplate by class names left almost nothing: the page wrapper had such a class; again without
  // (the class step undone: the tree a new parse and stripBoilerplate($) would give)
  if (paragraphs.join(' ').length < 500) {
    undo();
    const second = mainParagraphs($);
    if (second.join(' ').length > paragraphs.join(' ').length * 2) paragraphs = second;
  }
  // the headline often opens the main block too; it is the title, not the text
  if (meta.title && paragraphs[0] === meta.title) paragraphs = paragraphs.slice(1);
  const text = paragraphs.join('\n\n');
  return { ...meta, language: meta.language ?? guessLanguage(text), text, pageKind: pageKindOf(text) };
}
