// What the HTML parser is given, read first by one linear pass over the tags: lone surrogates replaced,
// the longest attribute lists cut, and the nesting estimated. Each guards against a page no browser would
// serve as it is: lone surrogates are no text, a tag with a hundred thousand attributes is no markup, and
// the tree's walks recurse as deep as the page nests (a page thousands deep is refused before parsing).

import { lowerBound } from '../sorted.js';

/** Lone surrogates (a surrogate with no partner) as U+FFFD, what a decoder gives for them; one native pass. */
const wellFormed = (s: string): string => {
  const t = s as string & { isWellFormed(): boolean; toWellFormed(): string };
  return t.isWellFormed() ? s : t.toWellFormed();
};

/** Attributes kept per tag; no real page comes near (an SVG path or a tracking pixel has a few dozen). */
export const MAX_ATTRIBUTES = 1000;

/** Elements whose content is text to the parser (htmlparser2), not tags: skipped to their end tag. Markup
 * inside noscript, iframe or noembed is parsed as markup and nests. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp']);
/** Elements that have no end tag. */
const VOID = new Set(['area', 'base', 'basefont', 'bgsound', 'br', 'col', 'embed', 'frame', 'hr', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/** Elements an end tag of another name does not close past (the parser's scope boundaries). */
const BOUNDARY = new Set(['html', 'table', 'td', 'th', 'caption', 'template', 'applet', 'object', 'marquee']);
/** Start tags that close an open p. */
const CLOSES_P = new Set(
  'address article aside blockquote center details dialog dir div dl fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre listing search section summary table ul'.split(' '),
);
/** Start tags that close an open element of their own kind (or of a kin), up to the element that holds them. */
const CLOSES_KIN: Record<string, { kin: string[]; within: string[] }> = {
  li: { kin: ['li'], within: ['ul', 'ol', 'menu'] },
  dd: { kin: ['dd', 'dt'], within: ['dl'] },
  dt: { kin: ['dd', 'dt'], within: ['dl'] },
  option: { kin: ['option'], within: ['select', 'datalist', 'optgroup'] },
  optgroup: { kin: ['option', 'optgroup'], within: ['select'] },
  tr: { kin: ['tr', 'td', 'th'], within: ['table', 'thead', 'tbody', 'tfoot'] },
  td: { kin: ['td', 'th'], within: ['tr', 'table'] },
  th: { kin: ['td', 'th'], within: ['tr', 'table'] },
  // a list box or a button inside its own kind closes it; a link in a link, or a heading in a heading, nests
  // (htmlparser2 closes neither, and its nesting is what the tree's walks meet)
  select: { kin: ['select'], within: [] },
  button: { kin: ['button'], within: [] },
  thead: { kin: ['thead', 'tbody', 'tfoot', 'tr', 'td', 'th'], within: ['table'] },
  tbody: { kin: ['thead', 'tbody', 'tfoot', 'tr', 'td', 'th'], within: ['table'] },
  tfoot: { kin: ['thead', 'tbody', 'tfoot', 'tr', 'td', 'th'], within: ['table'] },
};

// character codes, not one-character strings: the pass reads every character of a tag (a quarter of its time
// went to making and comparing those strings); past the end charCodeAt gives NaN, which is none of them
const SLASH = 47;
const GT = 62;
const EQ = 61;
const DQUOTE = 34;
const SQUOTE = 39;
const isSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 13 || c === 12;
const isLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);

/** Where the end tag of the raw-text element `name` starts, at or after i, in any case; -1 if none. (Not an
 * indexOf in the page lower-cased: that copy took most of this pass's time, and lower case may change a
 * string's length, "İ" becoming two code units, and so its offsets.) */
function rawTextEnd(page: string, name: string, i: number): number {
  for (let at = page.indexOf('</', i); at >= 0; at = page.indexOf('</', at + 2)) {
    if (page.slice(at + 2, at + 2 + name.length).toLowerCase() === name) return at;
  }
  return -1;
}

export interface PreparedHtml {
  html: string;
  /**
   * How deep the parser will nest the page, about: the open elements of a model that closes what end tags
   * and the commonest implied ends (p, li, dd/dt, option, table rows and cells) close.
   */
  depth: number;
}

/**
 * The open elements of the model: their names, and for each name the positions where it is open, so that
 * "is one open above the last boundary?" and "close down to it" cost no scan of the stack.
 */
class OpenElements {
  private readonly names: string[] = [];
  private readonly at = new Map<string, number[]>();
  private readonly boundaries: number[] = [];
  max = 0;

  private top(name: string): number {
    return this.at.get(name)?.at(-1) ?? -1;
  }

  /** Whether an svg or math element is open: there a self-closing tag opens nothing. */
  get foreign(): boolean {
    return this.top('svg') >= 0 || this.top('math') >= 0;
  }

  private popTo(position: number): void {
    while (this.names.length > position) {
      const name = this.names.pop() as string;
      this.at.get(name)?.pop();
      if (this.boundaries.at(-1) === this.names.length) this.boundaries.pop();
    }
  }

  /** The last boundary, not counting those named in `skip` (a row's own cells). */
  private floor(skip: string[] = []): number {
    for (let k = this.boundaries.length - 1; k >= 0; k--) {
      const position = this.boundaries[k] as number;
      if (!skip.includes(this.names[position] as string)) return position;
    }
    return -1;
  }

  open(name: string): void {
    // (a second html, head, body or form nests in htmlparser2's tree, where a browser would merge or drop it)
    if (CLOSES_P.has(name)) {
      const p = this.top('p');
      if (p > this.floor()) this.popTo(p);
    }
    const rule = CLOSES_KIN[name];
    if (rule) {
      // the outermost kin above the element that holds them: a new row closes the row and its cells
      const floor = Math.max(this.floor(rule.kin), ...rule.within.map((w) => this.top(w)));
      let lowest = -1;
      for (const kin of rule.kin) {
        const positions = this.at.get(kin) ?? [];
        const first = positions[lowerBound(positions, floor + 1, (x) => x)];
        if (first !== undefined && (lowest < 0 || first < lowest)) lowest = first;
      }
      if (lowest >= 0) this.popTo(lowest);
    }
    if (BOUNDARY.has(name)) this.boundaries.push(this.names.length);
    let positions = this.at.get(name);
    if (!positions) {
      positions = [];
      this.at.set(name, positions);
    }
    positions.push(this.names.length);
    this.names.push(name);
    this.max = Math.max(this.max, this.names.length);
  }

  close(name: string): void {
    const position = this.top(name);
    const floor = this.floor();
    if (position > floor || (position >= 0 && position === floor)) this.popTo(position);
  }
}

export function prepareHtml(html: string, maxAttributes = MAX_ATTRIBUTES): PreparedHtml {
  const page = wellFormed(html);
  const n = page.length;
  const kept: string[] = [];
  const open = new OpenElements();
  let from = 0;
  let i = 0;
  while (i < n) {
    const lt = page.indexOf('<', i);
    if (lt < 0) break;
    if (page.startsWith('<!--', lt)) {
      const end = page.indexOf('-->', lt + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    const closing = page.charCodeAt(lt + 1) === SLASH;
    if (!isLetter(page.charCodeAt(lt + (closing ? 2 : 1)))) {
      i = lt + 1;
      continue;
    }
    let j = lt + (closing ? 2 : 1);
    for (let c = page.charCodeAt(j); j < n && !isSpace(c) && c !== SLASH && c !== GT; c = page.charCodeAt(++j));
    const name = page.slice(lt + (closing ? 2 : 1), j).toLowerCase();
    // the attributes, as the tokenizer reads them: name, optional "=" and a quoted or bare value
    let count = 0;
    let cut = -1;
    for (;;) {
      while (j < n && (isSpace(page.charCodeAt(j)) || page.charCodeAt(j) === SLASH)) j++;
      if (j >= n || page.charCodeAt(j) === GT) break;
      if (++count === maxAttributes + 1) cut = j;
      const start = j;
      for (let c = page.charCodeAt(j); j < n && !isSpace(c) && c !== SLASH && c !== GT && (c !== EQ || j === start); c = page.charCodeAt(++j));
      let k = j;
      while (k < n && isSpace(page.charCodeAt(k))) k++;
      if (page.charCodeAt(k) !== EQ) continue;
      j = k + 1;
      while (j < n && isSpace(page.charCodeAt(j))) j++;
      const quote = page.charCodeAt(j);
      if (quote === DQUOTE || quote === SQUOTE) {
        const end = page.indexOf(quote === DQUOTE ? '"' : "'", j + 1);
        j = end < 0 ? n : end + 1;
      } else while (j < n && !isSpace(page.charCodeAt(j)) && page.charCodeAt(j) !== GT) j++;
    }
    if (cut >= 0) {
      kept.push(page.slice(from, cut));
      from = j;
    }
    const selfClosing = j < n && page.charCodeAt(j - 1) === SLASH;
    i = j + 1;
    if (closing) {
      open.close(name);
      continue;
    }
    if (!VOID.has(name) && !(selfClosing && (open.foreign || name === 'svg' || name === 'math'))) open.open(name);
    if (RAW_TEXT.has(name)) {
      const end = rawTextEnd(page, name, i);
      i = end < 0 ? n : end;
    }
  }
  if (kept.length) kept.push(page.slice(from));
  return { html: kept.length ? kept.join('') : page, depth: open.max };
}
