// The learned core every stage shares: a linear tagger over token sequences (BIO tags, greedy left to right
// with the previous tags as features, the classic averaged-perceptron tagger) and the word shape its
// features use. Pure: the weights come in as data (models/*.json.gz, written by src/train/).

export interface TaggerModel {
  tags: string[];
  /** feature → flat [tagIndex, weight, tagIndex, weight, ...] */
  weights: Record<string, number[]>;
}

/**
 * A model's weights as scoring reads them: a Map from feature to its number, and each feature's entries in
 * two flat typed arrays. A 100k-key object is a dictionary whose every lookup by a freshly built string
 * costs an internalization and a hash; a Map lookup hashes once, and nothing per entry is a heap object.
 * Entries keep the file's order, so every score is the same sum in the same order (bit for bit).
 */
export interface PackedWeights {
  index: Map<string, number>;
  /** Feature j's entries are [start[j], start[j + 1]). */
  start: Int32Array;
  label: Uint8Array;
  weight: Float64Array;
}

const packedOf = new WeakMap<object, PackedWeights>();

/** Weights packed in the file's key order (a model has at most 256 tags or labels). */
export function packWeightsOf(weights: Record<string, number[]>): PackedWeights {
  const keys = Object.keys(weights);
  let n = 0;
  for (const f of keys) n += (weights[f] as number[]).length >> 1;
  const packed: PackedWeights = { index: new Map(), start: new Int32Array(keys.length + 1), label: new Uint8Array(n), weight: new Float64Array(n) };
  let at = 0;
  keys.forEach((f, j) => {
    const ws = weights[f] as number[];
    packed.index.set(f, j);
    packed.start[j] = at;
    for (let k = 0; k < ws.length; k += 2, at++) {
      packed.label[at] = ws[k] as number;
      packed.weight[at] = ws[k + 1] as number;
    }
  });
  packed.start[keys.length] = at;
  return packed;
}

/**
 * Packs a model's weights for fast scoring and remembers it by the model. Only for weights that never
 * change afterwards (a model read from models/): a model still being trained is scored from its object.
 */
export function packWeights(model: { weights: Record<string, number[]> }): PackedWeights {
  let packed = packedOf.get(model);
  if (!packed) {
    packed = packWeightsOf(model.weights);
    packedOf.set(model, packed);
  }
  return packed;
}

/** Scores `model` from weights packed elsewhere (a model file stores them packed: ./weights-file.ts). */
export function usePackedWeights(model: object, packed: PackedWeights): void {
  packedOf.set(model, packed);
}

/** The packed weights of a model packed before (packWeights), else undefined. */
export const packedWeights = (model: object): PackedWeights | undefined => packedOf.get(model);

/** Feature f's number in packed weights, -1 when the model has no such feature. */
export const featureNumber = (p: PackedWeights, f: string): number => p.index.get(f) ?? -1;

/** A feature number not looked up yet, in the code tables the taggers that score by number keep. */
export const UNKNOWN = -2;
/** A table of n feature numbers by code, none looked up yet. */
export const codeTable = (n: number): Int32Array => new Int32Array(n).fill(UNKNOWN);

/** Adds feature f's weights into scores (packed weights). */
export function addFeature(p: PackedWeights, scores: Float64Array | number[], f: string): void {
  addWeights(p, scores, p.index.get(f));
}

/** Adds the weights of feature number j into scores (none for undefined or a negative j: no such feature).
 * The taggers that find features by number (not by string) add with this, in the same order. */
export function addWeights(p: PackedWeights, scores: Float64Array | number[], j: number | undefined): void {
  if (j === undefined || j < 0) return;
  const end = p.start[j + 1] as number;
  for (let e = p.start[j] as number; e < end; e++) scores[p.label[e] as number] = (scores[p.label[e] as number] as number) + (p.weight[e] as number);
}

/** The number of a feature of two parts (`${prefix}${a}|${b}`: "s-1s=Xx|xx") in packed weights (-1: none), through
 * a memo by its parts (a map of small maps, bounded): once a pair has been seen, no string is built for it. */
export function pairNumber(p: PackedWeights, memo: Map<string, Map<string, number>>, prefix: string, a: string, b: string): number {
  const outer = `${prefix}${a}`;
  let inner = memo.get(outer);
  if (!inner) {
    inner = new Map();
    if (memo.size < 100_000) memo.set(outer, inner);
  }
  let j = inner.get(b);
  if (j === undefined) {
    j = featureNumber(p, `${outer}|${b}`);
    if (inner.size < 100_000) inner.set(b, j);
  }
  return j;
}

/** Sums the features' weights into scores (zeroed by the caller), feature by feature in order. */
export function addFeatures(model: { weights: Record<string, number[]> }, scores: Float64Array | number[], feats: readonly string[]): void {
  const p = packedOf.get(model);
  if (p) {
    for (let i = 0; i < feats.length; i++) addFeature(p, scores, feats[i] as string);
    return;
  }
  for (const f of feats) {
    const ws = model.weights[f];
    if (!ws) continue;
    for (let k = 0; k < ws.length; k += 2) scores[ws[k] as number] = (scores[ws[k] as number] ?? 0) + (ws[k + 1] as number);
  }
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
  addFeatures(model, scores, feats);
  return scores;
}

export type FeatureFn = (words: string[], i: number, prev: string, prev2: string) => string[];

/** What decoding asks of a model's tags, found once per model: each tag's type and whether it is an I-. */
interface TagInfo {
  inside: boolean[];
  type: string[];
}
const tagInfos = new WeakMap<string[], TagInfo>();
export function tagInfo(tags: string[]): TagInfo {
  let info = tagInfos.get(tags);
  if (!info) {
    info = { inside: tags.map((t) => t.startsWith('I-')), type: tags.map((t) => t.slice(2)) };
    tagInfos.set(tags, info);
  }
  return info;
}

/** The best tag allowed after `prev` (an I- never follows O or another type); -1 when there are no tags. */
export function bestTag(info: TagInfo, scores: Float64Array | number[], prev: string): number {
  const prevType = prev.slice(2);
  let best = -1;
  for (let k = 0; k < info.inside.length; k++) {
    if (info.inside[k] && prevType !== info.type[k]) continue;
    if (best < 0 || (scores[k] as number) > (scores[best] as number)) best = k;
  }
  return best;
}

/** BIO tags for a sentence's words, left to right; an I- never follows O or another type. */
export function tag(model: TaggerModel, words: string[], featuresOf: FeatureFn): string[] {
  const out: string[] = [];
  const info = tagInfo(model.tags);
  const scores = new Float64Array(model.tags.length);
  for (let i = 0; i < words.length; i++) {
    const prev = out[i - 1] ?? '<s>';
    scores.fill(0);
    addFeatures(model, scores, featuresOf(words, i, prev, out[i - 2] ?? '<s>'));
    out.push(model.tags[bestTag(info, scores, prev)] ?? 'O');
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
