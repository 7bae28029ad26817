// The ../shared news pages as the queue benchmark serves them: page i of a run is news page i mod N, made a
// document of its own. Read at bench time only; nothing of them is kept in the repository.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_DIR } from '../eval/gold-sets.js';
import { decodeBody } from '../ingest/decode.js';

export const NEWS_PAGES_DIR = join(SHARED_DIR, 'data', 'news-pages', 'html');

/** The pages' texts in file-name order (decoded once as the fetcher would), or null when ../shared is absent. */
export function loadNewsPages(dir = NEWS_PAGES_DIR): string[] | null {
  if (!existsSync(dir)) return null;
  return readdirSync(dir)
    .filter((f) => f.endsWith('.html'))
    .sort()
    .map((f) => decodeBody(readFileSync(join(dir, f))).text);
}

const HEAD = /<head\b[^>]*>/i;

/**
 * Page `serial` of a run, served at `url`. Record ids come from the page's canonical URL (src/extract/index.ts),
 * and nearly every news page names one: repeats of a page would be one record. A canonical link to the
 * page's own URL, ahead of the page's own, makes each served page its own record and its own document.
 */
export function servedPage(html: string, url: string, serial: number): string {
  const tag = `<link rel="canonical" href="${url}"><!-- newsdesk bench page ${serial} -->`;
  const m = HEAD.exec(html);
  if (!m) return tag + html;
  const at = m.index + m[0].length;
  return html.slice(0, at) + tag + html.slice(at);
}
