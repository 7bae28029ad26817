// The learned core every stage shares: a linear tagger over token sequences (BIO tags, greedy left to right
// with the previous tags as features, the classic averaged-perceptron tagger) and the word shape its
// features use. Pure: the weights come in as data (models/*.json.gz, written by src/train/).

export interface TaggerModel {
  tags: string[];
  /** feature → flat [tagIndex, weight, tagIndex, weight, ...] */
  weights: Record<string, number[]>;
}

const shapes = new Map<string, string>();
/** "Xxxx", "XX", "dd.dd": the word's look (memoized, bounded: it never changes). */
export const shape = (w: string): string => {
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
export function tag(model: TaggerModel, words: string[], featuresOf: FeatureFn): string[] {
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

export interface TaggedSpan<T extends string = string> {
  /** Word indices, end exclusive. */
  start: number;
  end: number;
  type: T;
}

/** The B-/I- runs of a tag sequence as word spans with their type. */
export function spans<T extends string = string>(tags: string[]): TaggedSpan<T>[] {
  const out: TaggedSpan<T>[] = [];
  let cur: TaggedSpan<T> | null = null;
  tags.forEach((t, i) => {
    if (t.startsWith('I-') && cur && cur.type === t.slice(2)) {
      cur.end = i + 1;
      return;
    }
    if (cur) out.push(cur);
    cur = t === 'O' ? null : { start: i, end: i + 1, type: t.slice(2) as T };
  });
  if (cur) out.push(cur);
  return out;
}
