// extract(): (html | text, {url, publishedAt}) → ArticleRecord. Pure: no network, no database, no clock,
// no randomness, so a stored raw document can be re-derived at any time. The stages run in order, each
// taking only what the previous produced: article → sentences → entities → dates → claims.
import { sha256 } from '../hash.js';
import { ArticleRecord } from '../record.js';
import { stripCredentials } from '../url.js';
import { EXTRACTOR } from '../version.js';
import { modelIds } from './models.js';
import { type Article, articleFromHtml, articleFromText, normalizeDate } from './article/index.js';
import { nlpEnd } from './budget.js';
import { extractClaims } from './claims/index.js';
import { extractDates } from './dates.js';
import { extractEntities } from './entities/index.js';
import { splitSentences } from './sentences.js';

export interface ExtractInput {
  html?: string | undefined;
  text?: string | undefined;
  url?: string | null | undefined;
  /** The publication date when the caller knows it (YYYY-MM-DD or ISO); wins over the page's own. */
  publishedAt?: string | null | undefined;
  id?: string | undefined;
  fetchedAt?: string | undefined;
}


/** A record id from the page's address when it has one, else from its content. */
export function recordId(url: string | null | undefined, contentHash: string): string {
  return url ? `u-${sha256(url).slice(0, 24)}` : `c-${contentHash.slice(0, 24)}`;
}

/** Larger documents are refused rather than parsed for minutes: no news article comes near it. */
export const MAX_INPUT_CHARS = 10_000_000;

/** HTML nested thousands of levels deep exhausts the stack of any tree walk: say so, not "call stack". */
function parseHtml(html: string, url: string | null): Article {
  try {
    return articleFromHtml(html, url);
  } catch (err) {
    if (err instanceof RangeError && /call stack/i.test(err.message)) throw new RangeError('HTML nested too deeply to read');
    throw err;
  }
}

/**
 * The record of one document. It refuses a document only for a reason it names: a TypeError when neither
 * html nor text is given, a RangeError when the input is over MAX_INPUT_CHARS ("document too large: …") or
 * its markup nests deeper than MAX_HTML_DEPTH ("HTML nested too deeply to read: …"). Anything else thrown
 * is a bug. Time grows linearly with the input; a main text over the NLP budget is read in part and the
 * record says so (`truncated`).
 */
export function extract(input: ExtractInput): ArticleRecord {
  if (input.html === undefined && input.text === undefined) throw new TypeError('extract: give html or text');
  const size = (input.html ?? input.text ?? '').length;
  if (size > MAX_INPUT_CHARS) throw new RangeError(`document too large: ${size} characters (the limit is ${MAX_INPUT_CHARS})`);
  // a record never carries a user name or password, whether the caller's URL or the page's canonical one did
  const url = input.url ? stripCredentials(input.url) : null;
  const article: Article = input.html !== undefined ? parseHtml(input.html, url) : articleFromText(input.text ?? '');
  const given = normalizeDate(input.publishedAt ?? null);
  const publishedAt = given ?? article.publishedAt;
  const publishedAtSource = given ? 'input' : article.publishedAtSource;
  const text = article.text;
  const contentHash = sha256(text);
  const canonicalUrl = article.canonicalUrl ? stripCredentials(article.canonicalUrl) : null;
  const id = input.id ?? recordId(canonicalUrl ?? url, contentHash);
  // the NLP stages read a prefix of a text longer than any article; their offsets point into `text` all the same
  const end = nlpEnd(text);
  const read = end < text.length ? text.slice(0, end) : text;
  const sentences = splitSentences(read);
  const { entities, mentions } = extractEntities(read, sentences);
  const dates = extractDates(read, publishedAt, sentences);
  const claims = article.pageKind === 'article' ? extractClaims(id, read, sentences, entities, mentions) : [];
  return ArticleRecord.parse({
    schemaVersion: 1,
    id,
    url,
    canonicalUrl,
    ...(input.fetchedAt ? { fetchedAt: input.fetchedAt } : {}),
    extractor: { ...EXTRACTOR, models: modelIds() },
    pageKind: article.pageKind,
    title: article.title,
    authors: article.authors,
    siteName: article.siteName,
    language: article.language,
    description: article.description,
    publishedAt,
    publishedAtSource,
    modifiedAt: article.modifiedAt,
    text,
    ...(end < text.length ? { truncated: { at: end, length: text.length } } : {}),
    wordCount: text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length,
    contentHash,
    entities,
    dates,
    claims,
  });
}
