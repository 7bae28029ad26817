// A learned cue finder for the verbs of attribution the rules do not list ("questioned", "blasted",
// "is raising questions about"): a greedy averaged perceptron over the word, its lexicon tags and its
// neighbours, trained on PolNeAR train by src/train/cues.ts (models/cue-polnear.json.gz). Pure: the
// weights are data read once.
import { lexTags } from '../entities/lexicon.js';
import { addWeights, bestTag, codeTable, featureNumber, type PackedWeights, packedWeights, pairNumber, scoreTags, spans, type TaggerModel, tagInfo, UNKNOWN } from '../learned/tagger.js';
import { taggerModel } from '../models.js';
import { porter } from './sentiment.js';
import { lowerBound } from '../sorted.js';
import { type Token, tokenize } from '../tokens.js';
import type { Span } from './types.js';

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

/** A cue model with the words it opens a cue on (`starts`, found by src/train/cues.ts running the model over
 * PolNeAR train and dev, each word at least once in a thousand of its uses): a word outside them, after no
 * cue, is tagged O without being scored. Three words in four are such words ("the", "of" and "and" open a cue a
 * few times in tens of thousands, all of them errors or near it); PolNeAR, DSE and MPQA dev figures are unchanged. */
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

/**
 * A word's cue features found once per distinct word (a bounded memo per packed model): the summed weights of
 * the first five features (b, w, s3, s2, k), the numbers of its stem's feature and of the features it gives as a
 * neighbour or by its kind, and those with the previous tag, as asked. Scoring a word then builds and looks up
 * four strings (its word pairs), not twenty-five. The same features in cueFeatures' order: the same sums.
 */
interface CueWord {
  low: string;
  kind: string;
  stem: string;
  head: Float64Array;
  st: number;
  wm1: number;
  wp1: number;
  wm2: number;
  wp2: number;
  km1: number;
  kp1: number;
  km2: number;
  kp2: number;
  q0: number;
  q1: number;
  /** t-1w and t-1|k by the previous tag's number (UNKNOWN until asked). */
  t1w: Int32Array;
  t1k: Int32Array;
}

interface CueIndex {
  p: PackedWeights;
  tags: number;
  /** Tag names, '<s>' last: what t-1 and t-2 can be. */
  prevNames: string[];
  words: Map<string, CueWord>;
  none: CueWord;
  t1: Int32Array;
  t2t1: Int32Array;
  kindPairs: Map<string, Map<string, number>>;
}


function cueWord(p: PackedWeights, tags: number, prevs: number, low: string, kind: string, stem: string, scored = true): CueWord {
  const head = new Float64Array(tags);
  if (scored) {
    addWeights(p, head, featureNumber(p, 'b'));
    addWeights(p, head, featureNumber(p, `w=${low}`));
    addWeights(p, head, featureNumber(p, `s3=${low.slice(-3)}`));
    addWeights(p, head, featureNumber(p, `s2=${low.slice(-2)}`));
    addWeights(p, head, featureNumber(p, `k=${kind}`));
  }
  return {
    low,
    kind,
    stem,
    head,
    st: featureNumber(p, `st=${stem}`),
    wm1: featureNumber(p, `w-1=${low}`),
    wp1: featureNumber(p, `w+1=${low}`),
    wm2: featureNumber(p, `w-2=${low}`),
    wp2: featureNumber(p, `w+2=${low}`),
    km1: featureNumber(p, `k-1=${kind}`),
    kp1: featureNumber(p, `k+1=${kind}`),
    km2: featureNumber(p, `k-2=${kind}`),
    kp2: featureNumber(p, `k+2=${kind}`),
    q0: featureNumber(p, `q=0|${kind}`),
    q1: featureNumber(p, `q=1|${kind}`),
    t1w: codeTable(prevs),
    t1k: codeTable(prevs),
  };
}

const cueIndexes = new WeakMap<PackedWeights, CueIndex>();
function cueIndex(model: TaggerModel, p: PackedWeights): CueIndex {
  let ix = cueIndexes.get(p);
  if (!ix) {
    const prevNames = [...model.tags, '<s>'];
    const n = prevNames.length;
    ix = {
      p,
      tags: model.tags.length,
      prevNames,
      words: new Map(),
      none: cueWord(p, model.tags.length, n, '<none>', '<none>', '<none>', false), // only ever a neighbour
      t1: codeTable(n),
      t2t1: codeTable(n * n),
      kindPairs: new Map(),
    };
    cueIndexes.set(p, ix);
  }
  return ix;
}

function wordOf(ix: CueIndex, word: string, low: string, kind: string): CueWord {
  let e = ix.words.get(word);
  if (!e) {
    e = cueWord(ix.p, ix.tags, ix.prevNames.length, low, kind, stem(low));
    if (ix.words.size < 100_000) ix.words.set(word, e);
  }
  return e;
}

/** A feature over two kinds ("k|k+1=", "k-1|k="). */
const kindPair = (ix: CueIndex, prefix: string, a: string, b: string): number => pairNumber(ix.p, ix.kindPairs, prefix, a, b);

/** The scores scoreTags(model, cueFeatures(words, i, prev, prev2)) gives, feature by feature in that order. */
function fastScores(ix: CueIndex, words: string[], st: CueStatics, ents: (CueWord | undefined)[], i: number, pi: number, p2: number, scores: Float64Array): void {
  const p = ix.p;
  const at = (j: number): CueWord => {
    if (j < 0 || j >= words.length) return ix.none;
    let e = ents[j];
    if (!e) {
      e = wordOf(ix, words[j] as string, st.low[j] as string, st.kind[j] as string);
      ents[j] = e;
    }
    return e;
  };
  const e = at(i);
  const em1 = at(i - 1);
  const ep1 = at(i + 1);
  const em2 = at(i - 2);
  const ep2 = at(i + 2);
  scores.set(e.head);
  addWeights(p, scores, em1.wm1);
  addWeights(p, scores, ep1.wp1);
  addWeights(p, scores, em2.wm2);
  addWeights(p, scores, ep2.wp2);
  addWeights(p, scores, em1.km1);
  addWeights(p, scores, ep1.kp1);
  addWeights(p, scores, featureNumber(p, `w|w+1=${e.low}|${ep1.low}`));
  addWeights(p, scores, featureNumber(p, `w-1|w=${em1.low}|${e.low}`));
  addWeights(p, scores, e.st);
  addWeights(p, scores, featureNumber(p, `st|w+1=${e.stem}|${ep1.low}`));
  addWeights(p, scores, em2.km2);
  addWeights(p, scores, ep2.kp2);
  addWeights(p, scores, kindPair(ix, 'k|k+1=', e.kind, ep1.kind));
  addWeights(p, scores, kindPair(ix, 'k-1|k=', em1.kind, e.kind));
  addWeights(p, scores, featureNumber(p, `w+1|w+2=${ep1.low}|${ep2.low}`));
  addWeights(p, scores, st.quoted[i] ? e.q1 : e.q0);
  const names = ix.prevNames;
  let t1 = ix.t1[pi] as number;
  if (t1 === UNKNOWN) t1 = ix.t1[pi] = featureNumber(p, `t-1=${names[pi]}`);
  addWeights(p, scores, t1);
  const code = p2 * names.length + pi;
  let t2 = ix.t2t1[code] as number;
  if (t2 === UNKNOWN) t2 = ix.t2t1[code] = featureNumber(p, `t-2t-1=${names[p2]}|${names[pi]}`);
  addWeights(p, scores, t2);
  let tw = e.t1w[pi] as number;
  if (tw === UNKNOWN) tw = e.t1w[pi] = featureNumber(p, `t-1w=${names[pi]}|${e.low}`);
  addWeights(p, scores, tw);
  let tk = e.t1k[pi] as number;
  if (tk === UNKNOWN) tk = e.t1k[pi] = featureNumber(p, `t-1|k=${names[pi]}|${e.kind}`);
  addWeights(p, scores, tk);
}

/** The scores of word i after the tags prev2, prev, through a packed model's CueIndex (what tagCues adds up). */
export function cueScores(model: TaggerModel, words: string[], i: number, prev: string, prev2: string): Float64Array {
  const p = packedWeights(model);
  if (!p) throw new Error('cueScores reads a packed model (one read from models/)');
  const ix = cueIndex(model, p);
  const code = (t: string) => (t === '<s>' ? model.tags.length : model.tags.indexOf(t));
  const scores = new Float64Array(model.tags.length);
  fastScores(ix, words, cueStatics(words), new Array(words.length), i, code(prev), code(prev2), scores);
  return scores;
}

/** How much more readily extraction opens a cue than the cue finder's weights alone (added to B-CUE's score,
 * on the words the model may open one on: `starts`): most of PolNeAR's missed attributions had no cue, and what
 * a cue leads to is judged later (the claim model, the rules' own tests). On PolNeAR dev it lifts cue overlap
 * recall 0.644 → 0.726 and attributed F1 0.673 → 0.684 (5: 0.678, 15: 0.685 at a quarter more cues). */
export const CUE_PRIOR = 10;

/** The cue tags of a sentence's words, left to right as the shared tagger decodes them (an I- never follows
 * O), scoring only the words that may open a cue or go on with one; `prior` is added to B-CUE's score. A model
 * read from models/ (packed) is scored through its CueIndex, one being trained from its feature strings. */
export function tagCues(model: CueModel, words: string[], prior = 0): string[] {
  const starts = startsOf(model);
  const st = cueStatics(words);
  const info = tagInfo(model.tags);
  const p = packedWeights(model);
  const ix = p ? cueIndex(model, p) : null;
  const buf = new Float64Array(model.tags.length);
  const ents: (CueWord | undefined)[] = new Array(words.length);
  const opens = model.tags.indexOf('B-CUE');
  const out: string[] = [];
  const outIdx = new Int32Array(words.length);
  const START = model.tags.length;
  const O = model.tags.indexOf('O');
  for (let i = 0; i < words.length; i++) {
    const prev = i >= 1 ? (out[i - 1] as string) : '<s>';
    if (starts && !prev.endsWith('CUE') && !starts.has(st.low[i] as string)) {
      out.push('O');
      outIdx[i] = O;
      continue;
    }
    let scores: Float64Array | number[];
    if (ix) {
      fastScores(ix, words, st, ents, i, i >= 1 ? (outIdx[i - 1] as number) : START, i >= 2 ? (outIdx[i - 2] as number) : START, buf);
      scores = buf;
    } else scores = scoreTags(model, cueFeatures(words, i, prev, out[i - 2] ?? '<s>'));
    let best = bestTag(info, scores, prev);
    if (prior && opens >= 0 && best !== opens && (scores[opens] as number) + prior > (scores[best] as number)) best = opens;
    out.push(model.tags[best] ?? 'O');
    outIdx[i] = best < 0 ? O : best;
  }
  return out;
}

/** Cue spans of a sentence as token index ranges, end exclusive (`prior`: see tagCues). */
export function findCues(tokens: Token[], model: TaggerModel = taggerModel('cue-polnear'), prior = 0): Span[] {
  if (!tokens.length) return [];
  return spans(tagCues(model, tokens.map((t) => t.text), prior)).map((s) => ({ start: s.start, end: s.end }));
}

/** A lone auxiliary says nothing: the prior opens a cue on "is" in "Veltrona is recalling 40,000 batteries"
 * (17 of PolNeAR train's 20,000 cues are one). */
const AUXILIARY = /^(?:is|was|are|were|be|been|am|has|have|had|do|does|did|will|would|can|could|may|might|shall|should|must|['’]s)$/i;

/** Cue spans of the sentence text[start, end) in character offsets, as the model tags its words. */
export function tagSentenceCues(model: TaggerModel, text: string, start: number, end: number, prior = 0): Span[] {
  const toks = tokenize(text.slice(start, end), start);
  return findCues(toks, model, prior)
    .filter((c) => c.end - c.start > 1 || !AUXILIARY.test((toks[c.start] as Token).text))
    .map((c) => ({ start: (toks[c.start] as Token).start, end: (toks[c.end - 1] as Token).end }));
}

/** Per text being read (the claims stage's input object): each sentence's cues by its start. The rules'
 * learned cue (speech-claims.ts) and the learned attribution path ask for the same sentences: tagged once. */
const memo = new WeakMap<object, Map<number, Span[]>>();
export function sentenceCues(owner: object, text: string, s: Span): Span[] {
  let bySentence = memo.get(owner);
  if (!bySentence) {
    bySentence = new Map();
    memo.set(owner, bySentence);
  }
  let cues = bySentence.get(s.start);
  if (!cues) {
    cues = tagSentenceCues(taggerModel('cue-polnear'), text, s.start, s.end, CUE_PRIOR);
    bySentence.set(s.start, cues);
  }
  return cues;
}

/** The cues of `tokens` (a sentence's tokens on a masked copy of its text) among a sentence's cues in
 * character offsets: those whose first and last token stand there unmasked. */
export function cuesAmong(tokens: Token[], cues: readonly Span[]): Span[] {
  const out: Span[] = [];
  for (const c of cues) {
    const i = lowerBound(tokens, c.start, (t) => t.start);
    const j = lowerBound(tokens, c.end, (t) => t.end);
    if (tokens[i]?.start === c.start && tokens[j]?.end === c.end && j >= i) out.push({ start: i, end: j + 1 });
  }
  return out;
}
