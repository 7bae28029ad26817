// Stage 1: the article. HTML → main text + metadata; plain text → the text unchanged (offsets point into it).
import * as cheerio from 'cheerio';
import type { AnyNode } from 'domhandler';
import type { PageKind } from '../../record.js';
import { mainParagraphs, stripBoilerplate } from './main-text.js';
import { extractMetadata, type Metadata } from './metadata.js';
import { firstFullDate } from './normalize-date.js';
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
 * Markup nested deeper is refused: seven times the deepest page of the dev sets (139 levels; browsers'
 * parsers stop nesting at 512), and shallow enough for every recursive walk of cheerio to stay inside the
 * stack, whatever the page.
 */
export const MAX_HTML_DEPTH = 1000;

export function articleFromHtml(html: string, url: string | null): Article {
  const $ = cheerio.load(html);
  const depth = depthOf($.root().get(0) as AnyNode);
  if (depth > MAX_HTML_DEPTH) throw new RangeError(`HTML nested too deeply to read: ${depth} levels (the limit is ${MAX_HTML_DEPTH})`);
  const meta = extractMetadata($, url);
  stripBoilerplate($);
  let paragraphs = mainParagraphs($);
  // removing boilerplate by class names left almost nothing: the page wrapper had such a class; again without
  if (paragraphs.join(' ').length < 500) {
    const $$ = cheerio.load(html);
    stripBoilerplate($$, false);
    const second = mainParagraphs($$);
    if (second.join(' ').length > paragraphs.join(' ').length * 2) paragraphs = second;
  }
  // the headline often opens the main block too; it is the title, not the text
  if (meta.title && paragraphs[0] === meta.title) paragraphs = paragraphs.slice(1);
  const text = paragraphs.join('\n\n');
  return { ...meta, language: meta.language ?? guessLanguage(text), text, pageKind: pageKindOf(text) };
}
