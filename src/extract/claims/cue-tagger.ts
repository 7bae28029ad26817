// A learned cue finder for the verbs of attribution the rules do not list ("questioned", "blasted",
// "is raising questions about"): a greedy averaged perceptron over the word, its lexicon tags and its
// neighbours, trained on PolNeAR train by src/train/cues.ts (models/cue-polnear.json.gz). Pure: the
// weights are data read once.
import { lexTags } from '../entities/lexicon.js';
import { bestTag, scoreTags, spans, type TaggerModel, tagInfo } from '../learned/tagger.js';
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

/** The cue tags of a sentence's words, left to right as the shared tagger decodes them (an I- never follows
 * O), scoring only the words that may open a cue or go on with one. */
export function tagCues(model: CueModel, words: string[]): string[] {
  const starts = startsOf(model);
  const st = cueStatics(words);
  const info = tagInfo(model.tags);
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const prev = i >= 1 ? (out[i - 1] as string) : '<s>';
    if (starts && !prev.endsWith('CUE') && !starts.has(st.low[i] as string)) {
      out.push('O');
      continue;
    }
    const scores = scoreTags(model, cueFeatures(words, i, prev, out[i - 2] ?? '<s>'));
    out.push(model.tags[bestTag(info, scores, prev)] ?? 'O');
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
