// What the main-text finder asks of every element, found for the whole tree in one pass: the length of its
// text with whitespace collapsed (what `clean($(el).text()).length` gives), its commas, the text length of
// the links inside it, whether a block lies inside it, where its subtree ends in document order, and the
// first characters and last character of its text. Asking cheerio each time walks the element's subtree
// per question: quadratic in nested markup. The walk is iterative, so deep nesting cannot exhaust the stack.
import type { AnyNode, Element, ParentNode, Text } from 'domhandler';

// domhandler's own guards, written out: only its types are ours to import (cheerio brings it in)
const isTag = (n: AnyNode): n is Element => n.type === 'tag' || n.type === 'script' || n.type === 'style';
const isText = (n: AnyNode): n is Text => n.type === 'text';
const hasChildren = (n: AnyNode): n is ParentNode & AnyNode => Object.hasOwn(n, 'children');

/** Whitespace as `clean` collapses it. */
const WS = /[\s\u00a0\u200b]+/g;
/** How many leading characters of the collapsed text are kept: enough to tell a junk line by its start. */
const HEAD = 24;

/** A text with whitespace runs collapsed to one space, summed up. */
interface Run {
  /** Collapsed length, before trimming. */
  len: number;
  lead: boolean;
  trail: boolean;
  /** The first HEAD characters of the collapsed text. */
  head: string;
  /** The last character that is no space ('' when none). */
  last: string;
}

const EMPTY: Run = { len: 0, lead: false, trail: false, head: '', last: '' };

function runOf(data: string): Run {
  const c = data.replace(WS, ' ');
  if (!c) return EMPTY;
  const end = c.endsWith(' ') ? c.length - 2 : c.length - 1;
  return { len: c.length, lead: c.startsWith(' '), trail: c.endsWith(' '), head: c.slice(0, HEAD), last: end >= 0 ? (c[end] as string) : '' };
}

function join(a: Run, b: Run): Run {
  if (!a.len) return b;
  if (!b.len) return a;
  const merge = a.trail && b.lead; // two spaces meet: one is left
  return {
    len: a.len + b.len - (merge ? 1 : 0),
    lead: a.lead,
    trail: b.trail,
    head: a.head.length < HEAD ? (a.head + (merge ? b.head.slice(1) : b.head)).slice(0, HEAD) : a.head,
    last: b.last || a.last,
  };
}

export interface Facts {
  /** Length of the element's text, whitespace collapsed and trimmed. */
  length: number;
  commas: number;
  /** Summed `length` of the links (`a`) inside, nested ones too. */
  linkLength: number;
  /** Whether an element of `blockTags` lies inside. */
  hasBlock: boolean;
  /** Document-order index of the element, and the index after its last descendant. */
  order: number;
  end: number;
  /** The text's first characters (trimmed) and its last character. */
  head: string;
  last: string;
}

const trimmedLength = (r: Run) => (r.len ? Math.max(0, r.len - (r.lead ? 1 : 0) - (r.trail ? 1 : 0)) : 0);

/** Facts of every element under `root` (cheerio's text counts text nodes and CDATA, never comments). */
export function treeFacts(root: AnyNode, blockTags: ReadonlySet<string>): Map<AnyNode, Facts> {
  const facts = new Map<AnyNode, Facts>();
  const runs = new Map<AnyNode, Run>();
  const commas = new Map<AnyNode, number>();
  let order = 0;
  const orders = new Map<AnyNode, number>();
  // post-order by an explicit stack: [node, index of the next child to visit]
  const stack: [AnyNode, number][] = [[root, 0]];
  orders.set(root, order++);
  while (stack.length) {
    const top = stack[stack.length - 1] as [AnyNode, number];
    const [node, i] = top;
    const children = hasChildren(node) ? node.children : [];
    if (i < children.length) {
      top[1]++;
      const child = children[i] as AnyNode;
      orders.set(child, order++);
      stack.push([child, 0]);
      continue;
    }
    stack.pop();
    let run = EMPTY;
    let n = 0;
    let links = 0;
    let block = false;
    if (isText(node)) {
      run = runOf(node.data);
      for (let k = node.data.indexOf(','); k >= 0; k = node.data.indexOf(',', k + 1)) n++;
    } else if (hasChildren(node)) {
      for (const child of node.children) {
        run = join(run, runs.get(child) ?? EMPTY);
        n += commas.get(child) ?? 0;
        const f = facts.get(child);
        if (f) {
          links += f.linkLength + ((child as Element).name === 'a' ? f.length : 0);
          block = block || f.hasBlock || blockTags.has((child as Element).name);
        }
      }
    }
    runs.set(node, run);
    commas.set(node, n);
    if (isTag(node) || node === root) {
      facts.set(node, {
        length: trimmedLength(run),
        commas: n,
        linkLength: links,
        hasBlock: block,
        order: orders.get(node) as number,
        end: order,
        head: run.lead ? run.head.slice(1) : run.head,
        last: run.last,
      });
    }
  }
  return facts;
}

/** The text of a node as cheerio's `.text()` gives it, by an iterative walk; without the elements inside it
 * named one of `skip`. */
export function textOf(node: AnyNode, skip?: ReadonlySet<string>): string {
  const parts: string[] = [];
  const stack: AnyNode[] = [node];
  while (stack.length) {
    const n = stack.pop() as AnyNode;
    if (isText(n)) parts.push(n.data);
    else if (n !== node && skip && isTag(n) && skip.has(n.name)) continue;
    else if (hasChildren(n)) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i] as AnyNode);
  }
  return parts.join('');
}

/** The elements under `node` (not itself) named one of `names`, in document order, as `find` gives them. */
export function descendantsNamed(node: AnyNode, names: ReadonlySet<string>): Element[] {
  const out: Element[] = [];
  const stack: AnyNode[] = hasChildren(node) ? [...node.children].reverse() : [];
  while (stack.length) {
    const n = stack.pop() as AnyNode;
    if (isTag(n) && names.has(n.name)) out.push(n);
    if (hasChildren(n)) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i] as AnyNode);
  }
  return out;
}

/** How deep the tree under `root` nests, by an iterative walk. */
export function depthOf(root: AnyNode): number {
  let max = 0;
  const stack: [AnyNode, number][] = [[root, 0]];
  while (stack.length) {
    const [n, d] = stack.pop() as [AnyNode, number];
    if (d > max) max = d;
    if (hasChildren(n)) for (const c of n.children) stack.push([c, d + 1]);
  }
  return max;
}
