// A learned cue finder for the verbs of attribution the rules do not list ("questioned", "blasted",
// "is raising questions about"): a greedy averaged perceptron over the word, its lexicon tags and its
// neighbours, trained on PolNeAR train by src/train/cues.ts (models/cue-polnear.json.gz). Pure: the
// weights are data read once.
import { lexTags } from '../entities/lexicon.js';
import { addWeights, type PackedWeights, packedWeights, scoreTags, spans, type TaggerModel } from '../learned/tagger.js';
import { taggerModel } from '../models.js';
import { porter } from './sentiment.js';
import { lowerBound } from '../sorted.js';
import { type Token, tokenize } from '../tokens.js';

const stems = new Map<string, string>();
/** The Porter stem of a lowercase word ("questioning" → "question"), a bounded memo. */
export const stem = (w: string): string => {
  let s = stems.get(w);
  if (s === undefined) {
    s = /^\p{L}/u.test(w) ? porter.stem(w) : w;
    if (stems.size < 100_000) stems.set(w, s);
  }
  return s;
};

const kinds = new Map<string, string>();
const kind = (w: string | undefined): string => {
  if (w === undefined) return '<none>';
  if (/^[\u201c\u201d"]$/.test(w)) return 'quote';
  if (/^\p{Lu}/u.test(w)) return 'Cap';
  if (!/^\p{L}/u.test(w)) return w;
  let k = kinds.get(w);
  if (k === undefined) {
    k = lexTags(w).filter((t) => /Tense|Infinitive|Gerund|Modal|Copula|Noun|Adjective|Adverb|Preposition|Pronoun|Determiner/.test(t)).sort().join('+') || 'word';
    if (kinds.size < 100_000) kinds.set(w, k); // a bounded memo of the lexicon
  }
  return k;
};

/** What the features of a sentence's words need, found once per sentence (the tagger asks word by word):
 * each word's lower case and kind, whether it lies inside a quote (marks counted from the sentence's start),
 * and, for the words asked about, the features that do not depend on the tags before them. */
interface CueStatics {
  low: string[];
  kind: string[];
  quoted: Uint8Array;
  feats: (string[] | undefined)[];
}
const statics = new WeakMap<string[], CueStatics>();
function cueStatics(words: string[]): CueStatics {
  let st = statics.get(words);
  if (st) return st;
  const n = words.length;
  const quoted = new Uint8Array(n);
  let open = 0;
  for (let i = 0; i < n; i++) {
    const w = words[i] as string;
    if (w === '\u201c') open = 1;
    else if (w === '\u201d') open = 0;
    else if (w === '"') open = 1 - open;
    quoted[i] = open || w === '\u201d' ? 1 : 0;
  }
  st = { low: words.map((w) => w.toLowerCase()), kind: words.map((w) => kind(w)), quoted, feats: new Array(n) };
  statics.set(words, st);
  return st;
}

function staticFeatures(st: CueStatics, i: number): string[] {
  let f = st.feats[i];
  if (f) return f;
  const { low, kind: kd } = st;
  const at = (k: number) => low[k] ?? '<none>';
  const kAt = (k: number) => kd[k] ?? '<none>';
  const l = low[i] as string;
  const k = kd[i] as string;
  const s = stem(l);
  f = [
    'b',
    `w=${l}`,
    `s3=${l.slice(-3)}`,
    `s2=${l.slice(-2)}`,
    `k=${k}`,
    `w-1=${at(i - 1)}`,
    `w+1=${at(i + 1)}`,
    `w-2=${at(i - 2)}`,
    `w+2=${at(i + 2)}`,
    `k-1=${kAt(i - 1)}`,
    `k+1=${kAt(i + 1)}`,
    `w|w+1=${l}|${at(i + 1)}`,
    `w-1|w=${at(i - 1)}|${l}`,
    `st=${s}`,
    `st|w+1=${s}|${at(i + 1)}`,
    `k-2=${kAt(i - 2)}`,
    `k+2=${kAt(i + 2)}`,
    `k|k+1=${k}|${kAt(i + 1)}`,
    `k-1|k=${kAt(i - 1)}|${k}`,
    `w+1|w+2=${at(i + 1)}|${at(i + 2)}`,
    `q=${st.quoted[i]}|${k}`,
  ];
  st.feats[i] = f;
  return f;
}

export function cueFeatures(words: string[], i: number, prev: string, prev2: string): string[] {
  const st = cueStatics(words);
  const f = staticFeatures(st, i).slice();
  f.push(`t-1=${prev}`, `t-2t-1=${prev2}|${prev}`, `t-1w=${prev}|${st.low[i] ?? ''}`, `t-1|k=${prev}|${st.kind[i] ?? '<none>'}`);
  return f;
}

/** A cue model with the words it ever opens a cue on (`starts`, found by src/train/cues.ts running the model
 * over PolNeAR train and dev): a word outside them, after no cue, is tagged O without being scored. Nearly
 * every word of a text is such a word, and the decoding is the same wherever the model agrees with its runs
 * on PolNeAR (a word never seen opening a cue does not open one). */
export interface CueModel extends TaggerModel {
  starts?: string[];
}
const startSets = new WeakMap<CueModel, Set<string> | null>();
function startsOf(model: CueModel): Set<string> | null {
  let set = startSets.get(model);
  if (set === undefined) {
    set = model.starts ? new Set(model.starts) : null;
    startSets.set(model, set);
  }
  return set;
}

/** A packed cue model's features re-indexed by template: the part after "name=" keys a Map, and a pair
 * feature ("w|w+1=a|b") keys a Map of Maps, registered at every "|" of its value so that any (a, b) whose
 * `${a}|${b}` is the key finds it. Scoring then looks up the words' own strings (hashed once) instead of
 * building and hashing ~25 fresh strings per scored word: the same features in the same order, so the
 * same sums bit for bit (cueFeatures stays the definition; training uses it). */
interface CueIndex {
  p: PackedWeights;
  one: Map<string, Map<string, number>>;
  two: Map<string, Map<string, Map<string, number>>>;
  bias: number;
  tags: number;
}
const PAIRS = new Set(['w|w+1', 'w-1|w', 'st|w+1', 'k|k+1', 'k-1|k', 'w+1|w+2', 'q', 't-2t-1', 't-1w', 't-1|k']);
const cueIndexes = new WeakMap<object, CueIndex | null>();
function cueIndex(model: TaggerModel): CueIndex | null {
  let ix = cueIndexes.get(model);
  if (ix !== undefined) return ix;
  const p = packedWeights(model);
  if (!p) return null; // a model being trained: scored from its strings
  ix = { p, one: new Map(), two: new Map(), bias: p.index.get('b') ?? -1, tags: model.tags.length };
  for (const [key, j] of p.index) {
    const eq = key.indexOf('=');
    if (eq < 0) continue;
    const name = key.slice(0, eq);
    const value = key.slice(eq + 1);
    if (PAIRS.has(name)) {
      let outer = ix.two.get(name);
      if (!outer) {
        outer = new Map();
        ix.two.set(name, outer);
      }
      for (let bar = value.indexOf('|'); bar >= 0; bar = value.indexOf('|', bar + 1)) {
        const a = value.slice(0, bar);
        let inner = outer.get(a);
        if (!inner) {
          inner = new Map();
          outer.set(a, inner);
        }
        inner.set(value.slice(bar + 1), j);
      }
    } else {
      let m = ix.one.get(name);
      if (!m) {
        m = new Map();
        ix.one.set(name, m);
      }
      m.set(value, j);
    }
  }
  cueIndexes.set(model, ix);
  return ix;
}

const NONE = new Map<string, number>();
const NONE2 = new Map<string, Map<string, number>>();
const add = addWeights;

/** Each template's map, resolved once per index. */
interface CueMaps {
  w: Map<string, number>;
  s3: Map<string, number>;
  s2: Map<string, number>;
  k: Map<string, number>;
  wm1: Map<string, number>;
  wp1: Map<string, number>;
  wm2: Map<string, number>;
  wp2: Map<string, number>;
  km1: Map<string, number>;
  kp1: Map<string, number>;
  wWp1: Map<string, Map<string, number>>;
  wm1W: Map<string, Map<string, number>>;
  st: Map<string, number>;
  stWp1: Map<string, Map<string, number>>;
  km2: Map<string, number>;
  kp2: Map<string, number>;
  kKp1: Map<string, Map<string, number>>;
  km1K: Map<string, Map<string, number>>;
  wp1Wp2: Map<string, Map<string, number>>;
  q: Map<string, Map<string, number>>;
  t1: Map<string, number>;
  t2t1: Map<string, Map<string, number>>;
  t1w: Map<string, Map<string, number>>;
  t1k: Map<string, Map<string, number>>;
}
const cueMapsOf = new WeakMap<CueIndex, CueMaps>();
function cueMaps(ix: CueIndex): CueMaps {
  let m = cueMapsOf.get(ix);
  if (m) return m;
  const g1 = (name: string) => ix.one.get(name) ?? NONE;
  const g2 = (name: string) => ix.two.get(name) ?? NONE2;
  m = {
    w: g1('w'),
    s3: g1('s3'),
    s2: g1('s2'),
    k: g1('k'),
    wm1: g1('w-1'),
    wp1: g1('w+1'),
    wm2: g1('w-2'),
    wp2: g1('w+2'),
    km1: g1('k-1'),
    kp1: g1('k+1'),
    wWp1: g2('w|w+1'),
    wm1W: g2('w-1|w'),
    st: g1('st'),
    stWp1: g2('st|w+1'),
    km2: g1('k-2'),
    kp2: g1('k+2'),
    kKp1: g2('k|k+1'),
    km1K: g2('k-1|k'),
    wp1Wp2: g2('w+1|w+2'),
    q: g2('q'),
    t1: g1('t-1'),
    t2t1: g2('t-2t-1'),
    t1w: g2('t-1w'),
    t1k: g2('t-1|k'),
  };
  cueMapsOf.set(ix, m);
  return m;
}

/** What a word brings to the features wherever it stands, looked up once per word (a bounded memo): the
 * scores of its own first five features (b, w, s3, s2, k: summed from zero in that order, as scoring
 * does), the entries of its word and kind as a neighbour, and the inner maps of the pair features it opens. */
interface WordEntry {
  l: string;
  k: string;
  base: Float64Array;
  st?: number;
  wm1?: number;
  wp1?: number;
  wm2?: number;
  wp2?: number;
  km1?: number;
  kp1?: number;
  km2?: number;
  kp2?: number;
  q0?: number;
  q1?: number;
  wWp1?: Map<string, number>;
  stWp1?: Map<string, number>;
  kKp1?: Map<string, number>;
  /** as the word before: its pair maps keyed by the next word and kind */
  asPrevW?: Map<string, number>;
  asPrevK?: Map<string, number>;
  /** as the word after: the w+1|w+2 map keyed by the word after it */
  asNextW?: Map<string, number>;
  /** t-1w and t-1|k per previous tag ('<s>', 'O', 'B-CUE', 'I-CUE', else looked up) */
  t1w: (number | undefined)[];
  t1k: (number | undefined)[];
}
const PREVS = ['<s>', 'O', 'B-CUE', 'I-CUE'];
const entryMemos = new WeakMap<CueIndex, Map<string, WordEntry>>();
function makeEntry(ix: CueIndex, m: CueMaps, l: string, k: string): WordEntry {
  const p = ix.p;
  const base = new Float64Array(ix.tags);
  add(p, base, ix.bias);
  add(p, base, m.w.get(l));
  add(p, base, m.s3.get(l.slice(-3)));
  add(p, base, m.s2.get(l.slice(-2)));
  add(p, base, m.k.get(k));
  const s = stem(l);
  return {
    l,
    k,
    base,
    st: m.st.get(s),
    wm1: m.wm1.get(l),
    wp1: m.wp1.get(l),
    wm2: m.wm2.get(l),
    wp2: m.wp2.get(l),
    km1: m.km1.get(k),
    kp1: m.kp1.get(k),
    km2: m.km2.get(k),
    kp2: m.kp2.get(k),
    q0: m.q.get('0')?.get(k),
    q1: m.q.get('1')?.get(k),
    wWp1: m.wWp1.get(l),
    stWp1: m.stWp1.get(s),
    kKp1: m.kKp1.get(k),
    asPrevW: m.wm1W.get(l),
    asPrevK: m.km1K.get(k),
    asNextW: m.wp1Wp2.get(l),
    t1w: PREVS.map((t) => m.t1w.get(t)?.get(l)),
    t1k: PREVS.map((t) => m.t1k.get(t)?.get(k)),
  };
}
function wordEntry(ix: CueIndex, m: CueMaps, word: string, l: string, k: string): WordEntry {
  let memo = entryMemos.get(ix);
  if (!memo) {
    memo = new Map();
    entryMemos.set(ix, memo);
  }
  let e = memo.get(word);
  if (!e) {
    e = makeEntry(ix, m, l, k);
    if (memo.size < 100_000) memo.set(word, e);
  }
  return e;
}
const noneEntries = new WeakMap<CueIndex, WordEntry>();
function noneEntry(ix: CueIndex, m: CueMaps): WordEntry {
  let e = noneEntries.get(ix);
  if (!e) {
    e = makeEntry(ix, m, '<none>', '<none>');
    noneEntries.set(ix, e);
  }
  return e;
}

/** The scores cueFeatures(words, i, prev, prev2) gives, through the index (see CueIndex) and the words'
 * entries, in its order: the same sums bit for bit. */
function fastScores(ix: CueIndex, words: string[], st: CueStatics, ents: (WordEntry | undefined)[], i: number, prev: string, prev2: string, scores: Float64Array): void {
  const p = ix.p;
  const m = cueMaps(ix);
  const n = words.length;
  const none = noneEntry(ix, m);
  const at = (j: number): WordEntry => {
    if (j < 0 || j >= n) return none;
    let e = ents[j];
    if (!e) {
      e = wordEntry(ix, m, words[j] as string, st.low[j] as string, st.kind[j] as string);
      ents[j] = e;
    }
    return e;
  };
  const e = at(i);
  const em1 = at(i - 1);
  const ep1 = at(i + 1);
  const em2 = at(i - 2);
  const ep2 = at(i + 2);
  scores.set(e.base);
  add(p, scores, em1.wm1);
  add(p, scores, ep1.wp1);
  add(p, scores, em2.wm2);
  add(p, scores, ep2.wp2);
  add(p, scores, em1.km1);
  add(p, scores, ep1.kp1);
  add(p, scores, e.wWp1?.get(ep1.l));
  add(p, scores, em1.asPrevW?.get(e.l));
  add(p, scores, e.st);
  add(p, scores, e.stWp1?.get(ep1.l));
  add(p, scores, em2.km2);
  add(p, scores, ep2.kp2);
  add(p, scores, e.kKp1?.get(ep1.k));
  add(p, scores, em1.asPrevK?.get(e.k));
  add(p, scores, ep1.asNextW?.get(ep2.l));
  add(p, scores, st.quoted[i] ? e.q1 : e.q0);
  add(p, scores, m.t1.get(prev));
  add(p, scores, m.t2t1.get(prev2)?.get(prev));
  const t = PREVS.indexOf(prev);
  add(p, scores, t >= 0 ? e.t1w[t] : m.t1w.get(prev)?.get(e.l));
  add(p, scores, t >= 0 ? e.t1k[t] : m.t1k.get(prev)?.get(e.k));
}

/** The cue tags of a sentence's words, left to right as the shared tagger decodes them (an I- never follows
 * O), scoring only the words that may open a cue or go on with one. */
export function tagCues(model: CueModel, words: string[]): string[] {
  const starts = startsOf(model);
  const st = cueStatics(words);
  const ix = cueIndex(model);
  const buf = new Float64Array(model.tags.length);
  const ents: (WordEntry | undefined)[] = new Array(words.length);
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const prev = i >= 1 ? (out[i - 1] as string) : '<s>';
    if (starts && !prev.endsWith('CUE') && !starts.has(st.low[i] as string)) {
      out.push('O');
      continue;
    }
    let scores: Float64Array | number[];
    if (ix) {
      fastScores(ix, words, st, ents, i, prev, i >= 2 ? (out[i - 2] as string) : '<s>', buf);
      scores = buf;
    } else scores = scoreTags(model, cueFeatures(words, i, prev, out[i - 2] ?? '<s>'));
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

/** Cue spans of a sentence as token index ranges, end exclusive. */
export function findCues(tokens: Token[], model: TaggerModel = taggerModel('cue-polnear')): { start: number; end: number }[] {
  if (!tokens.length) return [];
  return spans(tagCues(model, tokens.map((t) => t.text))).map((s) => ({ start: s.start, end: s.end }));
}

/** Cue spans of the sentence text[start, end) in character offsets, as the model tags its words. */
export function tagSentenceCues(model: TaggerModel, text: string, start: number, end: number): { start: number; end: number }[] {
  const toks = tokenize(text.slice(start, end), start);
  return findCues(toks, model).map((c) => ({ start: (toks[c.start] as Token).start, end: (toks[c.end - 1] as Token).end }));
}

/** Per text being read (the claims stage's input object): each sentence's cues by its start. The rules'
 * learned cue (speech-claims.ts) and the learned attribution path ask for the same sentences: tagged once. */
const memo = new WeakMap<object, Map<number, { start: number; end: number }[]>>();
export function sentenceCues(owner: object, text: string, s: { start: number; end: number }): { start: number; end: number }[] {
  let bySentence = memo.get(owner);
  if (!bySentence) {
    bySentence = new Map();
    memo.set(owner, bySentence);
  }
  let cues = bySentence.get(s.start);
  if (!cues) {
    cues = tagSentenceCues(taggerModel('cue-polnear'), text, s.start, s.end);
    bySentence.set(s.start, cues);
  }
  return cues;
}

/** The cues of `tokens` (a sentence's tokens on a masked copy of its text) among a sentence's cues in
 * character offsets: those whose first and last token stand there unmasked. */
export function cuesAmong(tokens: Token[], cues: readonly { start: number; end: number }[]): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const c of cues) {
    const i = lowerBound(tokens, c.start, (t) => t.start);
    const j = lowerBound(tokens, c.end, (t) => t.end);
    if (tokens[i]?.start === c.start && tokens[j]?.end === c.end && j >= i) out.push({ start: i, end: j + 1 });
  }
  return out;
}
