// Main text of an HTML page: boilerplate removed, the densest block of prose found and its paragraphs
// kept (in the manner of Readability: paragraphs score their ancestors, link-heavy blocks lose).
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element, ParentNode } from 'domhandler';
import { descendantsNamed, type Facts, textOf, treeFacts } from './tree-facts.js';

const DROP_TAGS =
  'script, style, noscript, template, svg, canvas, iframe, object, embed, form, button, input, select, textarea, nav, footer, aside, figure, figcaption, picture, video, audio, dialog, menu';
const DROP_ROLES = '[role="navigation"], [role="banner"], [role="contentinfo"], [role="complementary"], [role="dialog"], [role="alert"], [hidden], [aria-hidden="true"]';
const UNLIKELY =
  /(^|[\s_-])(comment|comments|disqus|related|recommend|more-stories|read-more|readmore|share|sharing|social|promo|newsletter|subscribe|signup|sidebar|breadcrumbs?|cookie|consent|popup|modal|advert|advertisement|ads?|ad-slot|sponsor|outbrain|taboola|footer|masthead|menu|navbar|nav|tags|tag-list|byline|author-bio|caption|credit|skip|toolbar|widget|trending|most-popular|pagination|print|hidden|visually-hidden|sr-only)([\s_-]|$)/i;
const LIKELY = /(^|[\s_-])(article|body|content|entry|main|post|story|text|prose)([\s_-]|$)/i;
const BLOCK_TAGS = new Set(['p', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'blockquote', 'pre', 'td', 'div']);
const JUNK_LINE = /^(advertisement|ad|sponsored|read more|related:?|share( this)?( article)?|subscribe|sign up.*|follow us.*|click here.*|continue reading|image:?.*|photo:?.*|getty images|\(ap photo.*\))$/i;
/** JUNK_LINE for a text longer than any of its fixed lines: told by how the text starts (and ends). */
const JUNK_START = /^(sign up|follow us|click here|image|photo)/i;

const clean = (s: string) => s.replace(/[\s\u00a0\u200b]+/g, ' ').trim();

function classAndId(el: Element): string {
  return `${el.attribs?.class ?? ''} ${el.attribs?.id ?? ''}`;
}

/**
 * Detaches nodes from the tree, as cheerio's `.remove()` does, but each parent's children are filtered once:
 * removing siblings one by one searches and splices the parent's children each time, quadratic in a long
 * run of boilerplate siblings.
 */
function removeAll(nodes: AnyNode[]): () => void {
  const before = new Map<ParentNode, AnyNode[]>();
  const byParent = new Map<ParentNode, Set<AnyNode>>();
  for (const n of nodes) {
    if (!n.parent) continue;
    let gone = byParent.get(n.parent);
    if (!gone) {
      gone = new Set();
      byParent.set(n.parent, gone);
    }
    gone.add(n);
  }
  for (const [parent, gone] of byParent) {
    before.set(parent, parent.children);
    parent.children = parent.children.filter((c) => !gone.has(c));
    parent.children.forEach((c, i) => {
      c.prev = parent.children[i - 1] ?? null;
      c.next = parent.children[i + 1] ?? null;
    });
  }
  for (const n of nodes) n.prev = n.next = n.parent = null;
  // the undo: every parent its children back, linked as a parse links them
  return () => {
    for (const [parent, children] of before) {
      parent.children = children;
      children.forEach((c, i) => {
        c.parent = parent;
        c.prev = children[i - 1] ?? null;
        c.next = children[i + 1] ?? null;
      });
    }
  };
}

/**
 * Removes markup that is never article text by its tag or role. Mutates the document. Elements whose class
 * or id says boilerplate ("sidebar", "comments") go in a step of their own (stripByClass): some sites put
 * such words on the page wrapper ("layout--sidebar"), so the caller undoes it when too little text is left.
 */
export function stripBoilerplate($: CheerioAPI): void {
  // the head is read for metadata before this; markup a page lets spill into it (a script's JSON cut short
  // by a "</script>" in a string) is no article text when the page has a body to hold the article
  removeAll($($('body').length ? `head, ${DROP_TAGS}` : DROP_TAGS).get());
  removeAll($(DROP_ROLES).get());
  // a page header goes; an article's own header (title, byline) is no text either
  removeAll($('header').get());
}

/**
 * The step after stripBoilerplate: elements whose class or id says boilerplate. Returns its undo, which
 * leaves the tree as stripBoilerplate($) left it, without a second parse.
 */
export function stripByClass($: CheerioAPI): () => void {
  return removeAll(
    $('*')
      .get()
      .filter((el) => {
        if (el.type !== 'tag' || el.tagName === 'body' || el.tagName === 'html' || el.tagName === 'article' || el.tagName === 'main') return false;
        const ci = classAndId(el);
        return ci.trim() !== '' && UNLIKELY.test(ci) && !LIKELY.test(ci);
      }),
  );
}

/** The facts of an element; every element of the document has them. */
type FactsOf = (el: AnyNode) => Facts;

function linkDensity(facts: Facts): number {
  return facts.length ? facts.linkLength / facts.length : 1;
}

/** Whether a block's text is a junk line ("Advertisement", "Sign up for …", "(AP Photo/…)"). */
function junk(el: AnyNode, f: Facts): boolean {
  if (f.length <= 64) return JUNK_LINE.test(clean(textOf(el)));
  return JUNK_START.test(f.head) || (/^\(ap photo/i.test(f.head) && f.last === ')');
}

/** The element holding the article's prose, with its score; and the scores of all candidates. */
function topCandidate($: CheerioAPI, facts: FactsOf): { top: AnyNode | null; scores: Map<AnyNode, number> } {
  const scores = new Map<AnyNode, number>();
  const body = $('[itemprop="articleBody"]').first();
  const bodyNode = body.get(0);
  if (bodyNode && facts(bodyNode).length > 400) return { top: bodyNode, scores };
  $('p, pre, td, blockquote').each((_, p) => {
    const f = facts(p);
    if (f.length < 25) return;
    const score = 1 + f.commas + Math.min(Math.floor(f.length / 100), 3);
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
    let score = raw * (1 - linkDensity(facts(node)));
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
function mainNodes($: CheerioAPI, top: AnyNode, scores: Map<AnyNode, number>, facts: FactsOf): AnyNode[] {
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
      const f = facts(el);
      const density = linkDensity(f);
      return (f.length > 80 && density < 0.25) || (f.length > 0 && f.length <= 80 && density === 0 && /\.( |$)/.test(clean(textOf(el))));
    });
}

/** Paragraph texts of the main block, in document order. */
export function mainParagraphs($: CheerioAPI): string[] {
  const all = treeFacts($.root().get(0) as AnyNode, BLOCK_TAGS);
  const facts: FactsOf = (el) => all.get(el) as Facts;
  const { top, scores } = topCandidate($, facts);
  if (!top) {
    const body = $('body').get(0) ?? $.root().get(0);
    const text = body ? clean(textOf(body)) : '';
    return text ? [text] : [];
  }
  const out: string[] = [];
  const nodes = mainNodes($, top, scores, facts);
  // blocks come in document order, so one nested in a block already taken lies before that block's end
  let takenEnd = -1;
  for (const n of nodes) {
    const blocks = (n as Element).tagName === 'p' ? [n] : descendantsNamed(n, BLOCK_TAGS);
    for (const el of blocks) {
      if (el.type !== 'tag') continue;
      const f = facts(el);
      if (f.order < takenEnd) continue;
      // a div that only wraps other blocks adds nothing
      if ((el.tagName === 'div' || el.tagName === 'td') && f.hasBlock) continue;
      if ((el.tagName === 'li' || el.tagName === 'td') && linkDensity(f) > 0.5) continue;
      if (!f.length || junk(el, f)) continue;
      if (linkDensity(f) > 0.65 && f.length < 200) continue;
      takenEnd = f.end;
      out.push(clean(textOf(el)));
    }
  }
  if (!out.length) {
    const text = clean(textOf(top));
    if (text) out.push(text);
  }
  return out;
}
