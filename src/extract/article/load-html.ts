// cheerio.load with a tree adapter that finds a node among its siblings from the end. The stock adapter
// searches a parent's children from the start each time the parser inserts before or detaches a node:
// text and tags misplaced inside a table go, one by one, before the table ("foster parenting"), so a table
// of a thousand stray pieces cost a million steps. The node sought is next to the end in those cases, and
// the answer is the same from either end: the tree is the one the stock adapter builds.
import * as cheerio from 'cheerio';
import type { AnyNode, Element, ParentNode, Text } from 'domhandler';
import { STASH_CLOSE, STASH_OPEN } from './prepare-html.js';

type TreeAdapter = NonNullable<cheerio.CheerioOptions['treeAdapter']>;

/** The adapter cheerio parses with, as it leaves it in a loaded document's options (none: the stock load). */
const stock: TreeAdapter | undefined = cheerio.load('')._options.treeAdapter;

function insertBefore(parent: ParentNode, node: AnyNode, reference: AnyNode): void {
  const at = parent.children.lastIndexOf(reference);
  const { prev } = reference;
  if (prev) {
    prev.next = node;
    node.prev = prev;
  }
  reference.prev = node;
  node.next = reference;
  parent.children.splice(at, 0, node);
  node.parent = parent;
}

const adapter: TreeAdapter | undefined = stock && {
  ...stock,
  insertBefore,
  insertTextBefore(parent, text, reference) {
    const before = parent.children[parent.children.lastIndexOf(reference) - 1];
    if (before?.type === 'text') (before as Text).data += text;
    else insertBefore(parent, stock.createTextNode(text), reference);
  },
  detachNode(node) {
    const parent = node.parent;
    if (!parent) return;
    const at = parent.children.lastIndexOf(node);
    const { prev, next } = node;
    node.prev = null;
    node.next = null;
    if (prev) prev.next = next;
    if (next) next.prev = prev;
    parent.children.splice(at, 1);
    node.parent = null;
  },
};

export const loadHtml = (html: string): cheerio.CheerioAPI => cheerio.load(html, adapter ? { treeAdapter: adapter } : undefined);

const HTML_NS = 'http://www.w3.org/1999/xhtml';

/**
 * Puts the script and style texts prepareHtml stashed back into the parsed tree, as the parser would have
 * read them (line ends as LF, NUL as U+FFFD). True when every marker was found, once, as the whole text of
 * an HTML script or style: then the parser met each marker where it would have met the text, and the tree
 * is the one the page gives. False otherwise (the tree is then to be parsed again from the page itself).
 */
export function unstash($: cheerio.CheerioAPI, stashed: readonly string[]): boolean {
  const seen = new Uint8Array(stashed.length);
  let found = 0;
  const stack: AnyNode[] = [$.root().get(0) as AnyNode];
  while (stack.length) {
    const n = stack.pop() as AnyNode;
    if (n.type === 'text') {
      const data = (n as Text).data;
      if (!data.includes(STASH_OPEN)) continue;
      const parent = n.parent as Element | null;
      const k = data.endsWith(STASH_CLOSE) && data.startsWith(STASH_OPEN) ? Number(data.slice(1, -1)) : Number.NaN;
      const ok = Number.isInteger(k) && k >= 0 && k < stashed.length && String(k) === data.slice(1, -1) && seen[k] === 0;
      if (!ok || !parent || (parent.name !== 'script' && parent.name !== 'style') || parent.namespace !== HTML_NS) return false;
      seen[k] = 1;
      found++;
      (n as Text).data = (stashed[k] as string).replace(/\r\n?/g, '\n').replace(/\0/g, '\ufffd');
    } else if ('children' in n) for (const c of (n as ParentNode).children) stack.push(c);
  }
  return found === stashed.length;
}
