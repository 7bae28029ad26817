// The page as a tree: cheerio over htmlparser2, a streaming parser about five times faster than parse5 on
// news pages (script text is skipped to its end tag, not read a character at a time). It builds no
// spec tree (no implied head or body, no foster parenting of stray table content), which article
// extraction does not need: what is outside the body is dropped before the main text is sought.
// cheerio/slim: the same load over htmlparser2, without parse5 and the fetching helpers (undici) it never uses here
import * as cheerio from 'cheerio/slim';

export const loadHtml = (html: string): cheerio.CheerioAPI => cheerio.load(html, { xml: { xmlMode: false, decodeEntities: true } });
