// cheerio.load with a tree adapter that finds a node among its siblings from the end. The stock adapter
// searches a parent's children from the start each time the parser inserts before or detaches a node:
// text and tags misplaced inside a table go, one by one, before the table ("foster parenting"), so a table
// of a thousand stray pieces cost a million steps. The node sought is next to the end in those cases, and
// the answer is the same from either end: the tree is the one the stock adapter builds.
import * as cheerio from 'cheerio';
import type { AnyNode, ParentNode, Text } from 'domhandler';

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
