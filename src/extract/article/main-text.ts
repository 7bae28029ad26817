// Main text of an HTML page: boilerplate removed, the densest block of prose found and its paragraphs
// kept (in the manner of Readability: paragraphs score their ancestors, link-heavy blocks lose).
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';

const DROP_TAGS =
  'script, style, noscript, template, svg, canvas, iframe, object, embed, form, button, input, select, textarea, nav, footer, aside, figure, figcaption, picture, video, audio, dialog, menu';
const DROP_ROLES = '[role="navigation"], [role="banner"], [role="contentinfo"], [role="complementary"], [role="dialog"], [role="alert"], [hidden], [aria-hidden="true"]';
const UNLIKELY =
  /(^|[\s_-])(comment|comments|disqus|related|recommend|more-stories|read-more|readmore|share|sharing|social|promo|newsletter|subscribe|signup|sidebar|breadcrumbs?|cookie|consent|popup|modal|advert|advertisement|ads?|ad-slot|sponsor|outbrain|taboola|footer|masthead|menu|navbar|nav|tags|tag-list|byline|author-bio|caption|credit|skip|toolbar|widget|trending|most-popular|pagination|print|hidden|visually-hidden|sr-only)([\s_-]|$)/i;
const LIKELY = /(^|[\s_-])(article|body|content|entry|main|post|story|text|prose)([\s_-]|$)/i;
const BLOCKS = 'p, h2, h3, h4, h5, h6, li, blockquote, pre, td, div';
const JUNK_LINE = /^(advertisement|ad|sponsored|read more|related:?|share( this)?( article)?|subscribe|sign up.*|follow us.*|click here.*|continue reading|image:?.*|photo:?.*|getty images|\(ap photo.*\))$/i;

const clean = (s: string) => s.replace(/[\s\u00a0\u200b]+/g, ' ').trim();

function classAndId(el: Element): string {
  return `${el.attribs?.class ?? ''} ${el.attribs?.id ?? ''}`;
}

/**
 * Removes markup that is never article text. Mutates the document. `byClass` also removes elements whose
 * class or id says boilerplate ("sidebar", "comments"); some sites put such words on the page wrapper
 * ("layout--sidebar"), so the caller retries without it when too little text is left.
 */
export function stripBoilerplate($: CheerioAPI, byClass = true): void {
  $(DROP_TAGS).remove();
  $(DROP_ROLES).remove();
  // a page header goes; an article's own header (title, byline) is no text either
  $('header').remove();
  if (!byClass) return;
  $('*').each((_, el) => {
    if (el.type !== 'tag' || el.tagName === 'body' || el.tagName === 'html' || el.tagName === 'article' || el.tagName === 'main') return;
    const ci = classAndId(el);
    if (ci.trim() && UNLIKELY.test(ci) && !LIKELY.test(ci)) $(el).remove();
  });
}

function linkDensity($: CheerioAPI, el: AnyNode): number {
  const all = clean($(el).text()).length;
  if (!all) return 1;
  let links = 0;
  $(el)
    .find('a')
    .each((_, a) => {
      links += clean($(a).text()).length;
    });
  return links / all;
}

/** The element holding the article's prose, with its score; and the scores of all candidates. */
function topCandidate($: CheerioAPI): { top: AnyNode | null; scores: Map<AnyNode, number> } {
  const scores = new Map<AnyNode, number>();
  const body = $('[itemprop="articleBody"]').first();
  if (body.length && clean(body.text()).length > 400) return { top: body.get(0) ?? null, scores };
  $('p, pre, td, blockquote').each((_, p) => {
    const text = clean($(p).text());
    if (text.length < 25) return;
    const score = 1 + (text.match(/,/g)?.length ?? 0) + Math.min(Math.floor(text.length / 100), 3);
    let node = p.parent;
    for (let level = 0; node && level < 3; level++, node = node.parent) {
      if (node.type !== 'tag') break;
      const weight = level === 0 ? 1 : level === 1 ? 0.5 : 0.25;
      scores.set(node, (scores.get(node) ?? 0) + score * weight);
    }
  });
  let best: AnyNode | null = null;
  let bestScore = 0;
  for (const [node, raw] of scores) {
    const el = node as Element;
    let score = raw * (1 - linkDensity($, node));
    if (LIKELY.test(classAndId(el)) || el.tagName === 'article' || el.tagName === 'main') score *= 1.25;
    scores.set(node, score);
    if (score > bestScore) {
      best = node;
      bestScore = score;
    }
  }
  return { top: best, scores };
}

/** The top candidate and those of its siblings that hold prose too (an article split into sections). */
function mainNodes($: CheerioAPI, top: AnyNode, scores: Map<AnyNode, number>): AnyNode[] {
  const parent = top.parent;
  if (parent?.type !== 'tag') return [top];
  const topScore = scores.get(top) ?? 0;
  const threshold = Math.max(10, topScore * 0.2);
  return $(parent)
    .children()
    .get()
    .filter((el) => {
      if (el === top) return true;
      if ((scores.get(el) ?? 0) >= threshold) return true;
      if (el.tagName !== 'p') return false;
      const text = clean($(el).text());
      return (text.length > 80 && linkDensity($, el) < 0.25) || (text.length > 0 && text.length <= 80 && linkDensity($, el) === 0 && /\.( |$)/.test(text));
    });
}

/** Paragraph texts of the main block, in document order. */
export function mainParagraphs($: CheerioAPI): string[] {
  const { top, scores } = topCandidate($);
  if (!top) {
    const text = clean($('body').text());
    return text ? [text] : [];
  }
  const out: string[] = [];
  const seen = new Set<AnyNode>();
  const nodes = mainNodes($, top, scores);
  const blocks = nodes.flatMap((n) => ((n as Element).tagName === 'p' ? [n] : $(n).find(BLOCKS).get()));
  $(blocks)
    .each((_, el) => {
      if (el.type !== 'tag') return;
      // a block nested in one already taken, or a div that only wraps other blocks, adds nothing
      for (let p = el.parent; p && !nodes.includes(p); p = p.parent) if (seen.has(p)) return;
      if (el.tagName === 'div' || el.tagName === 'td') {
        if ($(el).find(BLOCKS).length) return;
      }
      if ((el.tagName === 'li' || el.tagName === 'td') && linkDensity($, el) > 0.5) return;
      const text = clean($(el).text());
      if (!text || JUNK_LINE.test(text)) return;
      if (linkDensity($, el) > 0.65 && text.length < 200) return;
      seen.add(el);
      out.push(text);
    });
  if (!out.length) {
    const text = clean($(top).text());
    if (text) out.push(text);
  }
  return out;
}
