// The name tagger's features (BIO over PER/ORG/LOC/MISC): the word, its shape and affixes, its neighbours,
// lexicon hints and the previous tags. The tagger itself is the shared core (src/extract/learned/tagger.ts);
// the weights are models/ner-conll2003.json.gz, written by src/train/ner.ts.
import { addFeature, addWeights, bestTag, codeTable, featureNumber, type PackedWeights, packedWeights, pairNumber, shape, spans, type TaggedSpan, type TaggerModel, tag, tagInfo, UNKNOWN } from '../learned/tagger.js';
import { lexTags } from './lexicon.js';

export type NameType = 'PER' | 'ORG' | 'LOC' | 'MISC';

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

/**
 * A word's features that depend on it alone, built once per word: the same strings every time it occurs,
 * so a weight lookup finds their hash already computed and no garbage is left per token.
 */
interface WordFeats {
  low: string;
  shape: string;
  /** 'b', w=, s=, p3=, s3=, s2=, l=: the features that open every token's list. */
  own: string[];
  /** As the neighbour before (w-1, s-1, l-1), after (w+1, s+1, l+1), two before and two after. */
  wm1: string;
  sm1: string;
  lm1: string;
  wp1: string;
  sp1: string;
  lp1: string;
  wm2: string;
  wp2: string;
  notFirst: string;
  /** t-1w= for each previous tag. */
  byPrev: Map<string, string>;
}

const wordFeats = new Map<string, WordFeats>();
function featsOf(w: string): WordFeats {
  let f = wordFeats.get(w);
  if (f === undefined) {
    const low = w.toLowerCase();
    const sh = shape(w);
    const l = lexHint(w);
    f = {
      low,
      shape: sh,
      own: ['b', `w=${low}`, `s=${sh}`, `p3=${low.slice(0, 3)}`, `s3=${low.slice(-3)}`, `s2=${low.slice(-2)}`, `l=${l}`],
      wm1: `w-1=${low}`,
      sm1: `s-1=${sh}`,
      lm1: `l-1=${l}`,
      wp1: `w+1=${low}`,
      sp1: `s+1=${sh}`,
      lp1: `l+1=${l}`,
      wm2: `w-2=${low}`,
      wp2: `w+2=${low}`,
      notFirst: `first=false|${sh}`,
      byPrev: new Map(),
    };
    if (wordFeats.size < 100_000) wordFeats.set(w, f); // bounded, like the other memos: the result never changes
  }
  return f;
}

/** What stands for the words before the first and after the last. */
const START = { low: '<s>', shape: '<s>', wm1: 'w-1=<s>', sm1: 's-1=<s>', lm1: 'l-1=<s>', wm2: 'w-2=<s>' };
const END = { low: '</s>', shape: '</s>', wp1: 'w+1=</s>', sp1: 's+1=</s>', lp1: 'l+1=</s>', wp2: 'w+2=</s>' };

const pairs = new Map<string, string>();
/** A feature made of a prefix and two parts, built once. */
function pair(prefix: string, a: string, b: string): string {
  const key = `${prefix}${a}|${b}`;
  let f = pairs.get(key);
  if (f === undefined) {
    f = key;
    if (pairs.size < 100_000) pairs.set(key, f);
  }
  return f;
}

const prevFeats = new Map<string, string>();
const prevFeat = (prev: string): string => {
  let f = prevFeats.get(prev);
  if (f === undefined) {
    f = `t-1=${prev}`;
    prevFeats.set(prev, f);
  }
  return f;
};

function prevWordFeat(f: WordFeats, prev: string): string {
  let s = f.byPrev.get(prev);
  if (s === undefined) {
    s = `t-1w=${prev}|${f.low}`;
    f.byPrev.set(prev, s);
  }
  return s;
}

/** Features of token i after the seven of the word alone (the list `features` gives, from its eighth). */
function contextFeatures(words: string[], i: number, prev: string, prev2: string, f: WordFeats): string[] {
  const before = words[i - 1] === undefined ? START : featsOf(words[i - 1] as string);
  const after = words[i + 1] === undefined ? END : featsOf(words[i + 1] as string);
  const before2 = words[i - 2] === undefined ? (i - 2 < 0 ? START.wm2 : 'w-2=</s>') : featsOf(words[i - 2] as string).wm2;
  const after2 = words[i + 2] === undefined ? END.wp2 : featsOf(words[i + 2] as string).wp2;
  return [
    before.wm1,
    after.wp1,
    before2,
    after2,
    before.sm1,
    after.sp1,
    pair('s-1s=', before.shape, f.shape),
    pair('ss+1=', f.shape, after.shape),
    after.lp1,
    before.lm1,
    prevFeat(prev),
    pair('t-2t-1=', prev2, prev),
    prevWordFeat(f, prev),
    i === 0 ? `first=true|${f.shape}` : f.notFirst,
  ];
}

/** Features of token i; `prev` and `prev2` are the tags already given to the two tokens before it. */
export function features(words: string[], i: number, prev: string, prev2: string): string[] {
  const f = featsOf(words[i] ?? '');
  return [...f.own, ...contextFeatures(words, i, prev, prev2, f)];
}

/**
 * A word's feature numbers in one packed model, found once per word (a bounded memo): the summed scores of
 * its own seven features, and the numbers of the features it gives as a neighbour. A lookup in a model's
 * map of 40k features costs a cache miss or two; a token then looks up its own entry once and reads its
 * neighbours' entries, instead of fourteen lookups of feature strings.
 */
interface WordIndex {
  feats: WordFeats;
  own: Float64Array;
  wm1: number;
  sm1: number;
  lm1: number;
  wp1: number;
  sp1: number;
  lp1: number;
  wm2: number;
  wp2: number;
  notFirst: number;
  /** t-1w by the previous tag's number (UNKNOWN until asked). */
  byPrev: Int32Array;
}

interface ModelIndex {
  p: PackedWeights;
  words: Map<string, WordIndex>;
  /** Tag names, '<s>' last: what t-1 and t-2 can be. */
  prevNames: string[];
  t1: Int32Array;
  t2t1: Int32Array;
  /** pair features over two shapes, and first=true by shape */
  shapePairs: Map<string, Map<string, number>>;
  first: Map<string, number>;
  start: { wm1: number; sm1: number; lm1: number; wm2: number };
  end: { wp1: number; sp1: number; lp1: number; wp2: number };
}

const modelIndexes = new WeakMap<object, ModelIndex>();
function modelIndex(model: TaggerModel, p: PackedWeights): ModelIndex {
  let ix = modelIndexes.get(model);
  if (!ix) {
    const prevNames = [...model.tags, '<s>'];
    ix = {
      p,
      words: new Map(),
      prevNames,
      t1: codeTable(prevNames.length),
      t2t1: codeTable(prevNames.length * prevNames.length),
      shapePairs: new Map(),
      first: new Map(),
      start: { wm1: featureNumber(p, START.wm1), sm1: featureNumber(p, START.sm1), lm1: featureNumber(p, START.lm1), wm2: featureNumber(p, START.wm2) },
      end: { wp1: featureNumber(p, END.wp1), sp1: featureNumber(p, END.sp1), lp1: featureNumber(p, END.lp1), wp2: featureNumber(p, END.wp2) },
    };
    modelIndexes.set(model, ix);
  }
  return ix;
}

function wordIndex(ix: ModelIndex, w: string, tags: number): WordIndex {
  let e = ix.words.get(w);
  if (!e) {
    const f = featsOf(w);
    const own = new Float64Array(tags);
    for (const x of f.own) addFeature(ix.p, own, x);
    e = {
      feats: f,
      own,
      wm1: featureNumber(ix.p, f.wm1),
      sm1: featureNumber(ix.p, f.sm1),
      lm1: featureNumber(ix.p, f.lm1),
      wp1: featureNumber(ix.p, f.wp1),
      sp1: featureNumber(ix.p, f.sp1),
      lp1: featureNumber(ix.p, f.lp1),
      wm2: featureNumber(ix.p, f.wm2),
      wp2: featureNumber(ix.p, f.wp2),
      notFirst: featureNumber(ix.p, f.notFirst),
      byPrev: codeTable(ix.prevNames.length),
    };
    if (ix.words.size < 100_000) ix.words.set(w, e);
  }
  return e;
}

/** A feature over two shapes (s-1s=, ss+1=) by its two parts. */
const shapePair = (ix: ModelIndex, prefix: string, a: string, b: string): number => pairNumber(ix.p, ix.shapePairs, prefix, a, b);

/** Names in a sentence's words, as the CoNLL tagger reads them. */
export function tagNames(model: TaggerModel, words: string[]): string[] {
  const packed = packedWeights(model);
  if (!packed) return tag(model, words, features);
  // tag() over `features`, each feature found by number (WordIndex): the same additions in the same order
  // from the same zero, so the same scores bit for bit
  const ix = modelIndex(model, packed);
  const T = model.tags.length;
  const info = tagInfo(model.tags);
  const entries = words.map((w) => wordIndex(ix, w, T));
  const scores = new Float64Array(T);
  const out: string[] = [];
  const START_TAG = ix.prevNames.length - 1;
  let pi = START_TAG;
  let p2 = START_TAG;
  for (let i = 0; i < words.length; i++) {
    const e = entries[i] as WordIndex;
    const before = entries[i - 1];
    const after = entries[i + 1];
    const before2 = entries[i - 2];
    const after2 = entries[i + 2];
    const prev = ix.prevNames[pi] as string;
    const prev2 = ix.prevNames[p2] as string;
    scores.set(e.own);
    addWeights(packed, scores, before ? before.wm1 : ix.start.wm1);
    addWeights(packed, scores, after ? after.wp1 : ix.end.wp1);
    addWeights(packed, scores, before2 ? before2.wm2 : ix.start.wm2);
    addWeights(packed, scores, after2 ? after2.wp2 : ix.end.wp2);
    addWeights(packed, scores, before ? before.sm1 : ix.start.sm1);
    addWeights(packed, scores, after ? after.sp1 : ix.end.sp1);
    addWeights(packed, scores, shapePair(ix, 's-1s=', before ? before.feats.shape : START.shape, e.feats.shape));
    addWeights(packed, scores, shapePair(ix, 'ss+1=', e.feats.shape, after ? after.feats.shape : END.shape));
    addWeights(packed, scores, after ? after.lp1 : ix.end.lp1);
    addWeights(packed, scores, before ? before.lm1 : ix.start.lm1);
    let t1 = ix.t1[pi] as number;
    if (t1 === UNKNOWN) t1 = ix.t1[pi] = featureNumber(packed, prevFeat(prev));
    addWeights(packed, scores, t1);
    const code = p2 * ix.prevNames.length + pi;
    let t2 = ix.t2t1[code] as number;
    if (t2 === UNKNOWN) t2 = ix.t2t1[code] = featureNumber(packed, pair('t-2t-1=', prev2, prev));
    addWeights(packed, scores, t2);
    let tw = e.byPrev[pi] as number;
    if (tw === UNKNOWN) tw = e.byPrev[pi] = featureNumber(packed, prevWordFeat(e.feats, prev));
    addWeights(packed, scores, tw);
    let first = e.notFirst;
    if (i === 0) {
      const known = ix.first.get(e.feats.shape);
      first = known ?? featureNumber(packed, `first=true|${e.feats.shape}`);
      if (known === undefined && ix.first.size < 100_000) ix.first.set(e.feats.shape, first);
    }
    addWeights(packed, scores, first);
    const best = bestTag(info, scores, prev);
    const t = model.tags[best] ?? 'O';
    out.push(t);
    p2 = pi;
    pi = best < 0 ? ix.prevNames.indexOf(t) : best;
  }
  return out;
}

export const nameSpans = (tags: string[]): TaggedSpan<NameType>[] => spans<NameType>(tags);
