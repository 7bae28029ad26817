// The name tagger's features (BIO over PER/ORG/LOC/MISC): the word, its shape and affixes, its neighbours,
// lexicon hints and the previous tags. The tagger itself is the shared core (src/extract/learned/tagger.ts);
// the weights are models/ner-conll2003.json.gz, written by src/train/ner.ts.
import { addFeature, bestTag, packedWeights, shape, spans, type TaggedSpan, type TaggerModel, tag, tagInfo } from '../learned/tagger.js';
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

/** Per model, the scores of each word's own seven features: every token's sum starts with them, in order. */
const ownScores = new WeakMap<object, Map<string, Float64Array>>();

/** Names in a sentence's words, as the CoNLL tagger reads them. */
export function tagNames(model: TaggerModel, words: string[]): string[] {
  const packed = packedWeights(model);
  if (!packed) return tag(model, words, features);
  // tag() over `features`, with each word's first seven weights summed once: the same additions in the
  // same order from the same zero, so the same scores bit for bit
  let own = ownScores.get(model);
  if (!own) {
    own = new Map();
    ownScores.set(model, own);
  }
  const info = tagInfo(model.tags);
  const scores = new Float64Array(model.tags.length);
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    const f = featsOf(w);
    let base = own.get(w);
    if (!base) {
      base = new Float64Array(model.tags.length);
      for (const x of f.own) addFeature(packed, base, x);
      if (own.size < 100_000) own.set(w, base);
    }
    scores.set(base);
    const prev = out[i - 1] ?? '<s>';
    for (const x of contextFeatures(words, i, prev, out[i - 2] ?? '<s>', f)) addFeature(packed, scores, x);
    out.push(model.tags[bestTag(info, scores, prev)] ?? 'O');
  }
  return out;
}

export const nameSpans = (tags: string[]): TaggedSpan<NameType>[] => spans<NameType>(tags);
