// A greedy averaged-perceptron tagger for names (BIO over PER/ORG/LOC/MISC), the classic feature-based
// approach: the word, its shape and affixes, its neighbours, lexicon hints and the previous tags. Pure: the
// weights come in as data (models/ner-conll2003.json.gz, written by src/train/ner.ts).
import { lexTags } from './lexicon.js';

export interface TaggerModel {
  tags: string[];
  /** feature → flat [tagIndex, weight, tagIndex, weight, ...] */
  weights: Record<string, number[]>;
}

const shapes = new Map<string, string>();
/** "Xxxx", "XX", "dd.dd": the word's look (memoized, bounded: it never changes). */
const shape = (w: string): string => {
  let sh = shapes.get(w);
  if (sh === undefined) {
    sh = w
      .replace(/\p{Lu}/gu, 'X')
      .replace(/\p{Ll}/gu, 'x')
      .replace(/\p{N}/gu, 'd')
      .replace(/(.)\1+/g, '$1$1');
    if (shapes.size < 100_000) shapes.set(w, sh);
  }
  return sh;
};

const LEX_HINTS = /^(FirstName|MaleName|FemaleName|LastName|Person|Country|City|Region|Place|Organization|SportsTeam|Demonym|Month|WeekDay|Honorific)$/;

const hints = new Map<string, string>();

function lexHint(w: string): string {
  let hint = hints.get(w);
  if (hint === undefined) {
    const tags = lexTags(w.replace(/['’]s$/, ''));
    hint = tags.filter((t) => LEX_HINTS.test(t)).sort().join('+') || (tags.length ? 'common' : 'none');
    if (hints.size < 100_000) hints.set(w, hint); // a memo of the lexicon, bounded: the result never changes
  }
  return hint;
}

/** Features of token i; `prev` and `prev2` are the tags already given to the two tokens before it. */
export function features(words: string[], i: number, prev: string, prev2: string): string[] {
  const w = words[i] ?? '';
  const low = w.toLowerCase();
  const at = (k: number) => (words[k] ?? (k < 0 ? '<s>' : '</s>')).toLowerCase();
  const sh = (k: number) => (words[k] === undefined ? (k < 0 ? '<s>' : '</s>') : shape(words[k] as string));
  return [
    'b',
    `w=${low}`,
    `s=${shape(w)}`,
    `p3=${low.slice(0, 3)}`,
    `s3=${low.slice(-3)}`,
    `s2=${low.slice(-2)}`,
    `l=${lexHint(w)}`,
    `w-1=${at(i - 1)}`,
    `w+1=${at(i + 1)}`,
    `w-2=${at(i - 2)}`,
    `w+2=${at(i + 2)}`,
    `s-1=${sh(i - 1)}`,
    `s+1=${sh(i + 1)}`,
    `s-1s=${sh(i - 1)}|${shape(w)}`,
    `ss+1=${shape(w)}|${sh(i + 1)}`,
    `l+1=${words[i + 1] === undefined ? '</s>' : lexHint(words[i + 1] as string)}`,
    `l-1=${words[i - 1] === undefined ? '<s>' : lexHint(words[i - 1] as string)}`,
    `t-1=${prev}`,
    `t-2t-1=${prev2}|${prev}`,
    `t-1w=${prev}|${low}`,
    `first=${i === 0}|${shape(w)}`,
  ];
}

export function scoreTags(model: TaggerModel, feats: string[]): number[] {
  const scores = new Array<number>(model.tags.length).fill(0);
  for (const f of feats) {
    const ws = model.weights[f];
    if (!ws) continue;
    for (let k = 0; k < ws.length; k += 2) scores[ws[k] as number] = (scores[ws[k] as number] ?? 0) + (ws[k + 1] as number);
  }
  return scores;
}

export type FeatureFn = (words: string[], i: number, prev: string, prev2: string) => string[];

/** BIO tags for a sentence's words, left to right; an I- never follows O or another type. */
export function tag(model: TaggerModel, words: string[], featuresOf: FeatureFn = features): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const prev = out[i - 1] ?? '<s>';
    const scores = scoreTags(model, featuresOf(words, i, prev, out[i - 2] ?? '<s>'));
    let best = -1;
    for (let k = 0; k < model.tags.length; k++) {
      const t = model.tags[k] as string;
      if (t.startsWith('I-') && prev.slice(2) !== t.slice(2)) continue;
      if (best < 0 || (scores[k] as number) > (scores[best] as number)) best = k;
    }
    out.push(model.tags[best] ?? 'O');
  }
  return out;
}

export interface TaggedSpan {
  /** Word indices, end exclusive. */
  start: number;
  end: number;
  type: 'PER' | 'ORG' | 'LOC' | 'MISC';
}

export function spans(tags: string[]): TaggedSpan[] {
  const out: TaggedSpan[] = [];
  let cur: TaggedSpan | null = null;
  tags.forEach((t, i) => {
    if (t.startsWith('I-') && cur && cur.type === t.slice(2)) {
      cur.end = i + 1;
      return;
    }
    if (cur) out.push(cur);
    cur = t === 'O' ? null : { start: i, end: i + 1, type: t.slice(2) as TaggedSpan['type'] };
  });
  if (cur) out.push(cur);
  return out;
}
