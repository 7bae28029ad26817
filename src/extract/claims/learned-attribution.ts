// Learned attribution: for a cue (the learned cue finder's, src/extract/claims/cue-tagger.ts), a tagger marks
// who speaks (SRC) and what is attributed (CON) among the words around it, as PolNeAR's annotators mark
// them: "that" and "to" open a content, quote marks belong to it, an adjunct after the cue ("on Friday", "to
// reporters") does not. Trained on PolNeAR train by src/train/attribution.ts (models/attribution-polnear.json.gz);
// the tagger is the shared core (src/extract/learned/tagger.ts). Pure: the weights are data read once.
import { lexTags } from '../entities/lexicon.js';
import { type ClassifierModel, classify } from '../learned/classifier.js';
import { type FeatureFn, packedWeights, spans, type TaggerModel, tag } from '../learned/tagger.js';
import { classifierModel, taggerModel } from '../models.js';
import type { Sentence } from '../sentences.js';
import { lowerBound } from '../sorted.js';
import { type Token, tokenize } from '../tokens.js';
import { cuesAmong, sentenceCues, stem } from './cue-tagger.js';
import { ORG_NOUNS, PERSON_NOUNS } from './lexicon.js';
import { kindOf, type PatternInput, trimSpan, words } from './phrases.js';
import type { Quote } from './quotes.js';
import { BUCKETS, bucketOf, isVerbKind, outwardCounts, tagRolesPacked } from './role-index.js';
import { resolveSpeaker } from './speaker.js';
import type { RawClaim, Span } from './types.js';

export const ROLE_TAGS = ['O', 'B-SRC', 'I-SRC', 'B-CON', 'I-CON'];

/** The claim model: whether a candidate is an attribution (labels ['no', 'yes']), and from which probability
 * one is kept (chosen on held-out data by the trainer). */
export interface ClaimModel extends ClassifierModel {
  threshold?: number;
}

/** A stretch of text the roles of one cue are looked for in: a sentence, or sentences a quote joins. */
export interface AttributionUnit {
  start: number;
  end: number;
  tokens: Token[];
  words: string[];
  /** Per token: 1 inside a quote (its marks included), else 0. */
  quoted: Uint8Array;
  /** Per token: its static features (the word, its look, its neighbours), the same for every cue. */
  statics: string[][];
}

/** How far from its cue the roles are read: on PolNeAR train 99% of sources and contents end within 46
 * tokens before the cue and 48 after it. The features of a token inside the window are the same as over
 * the whole unit (the position buckets stop at 26+), so the window only drops the rare far reach. */
const ROLE_REACH = 48;
/** How many cues of one unit are read: no sentence of the dev sets has more than 7 learned cues. */
const MAX_CUES_PER_UNIT = 16;

const kinds = new Map<string, string>();
/** The word's lexical kind: its tense or part of speech as the lexicon has it (a bounded memo). */
const kind = (w: string): string => {
  if (/^[\u201c\u201d"'\u2018\u2019]+$/.test(w)) return 'quote';
  if (/^\p{Lu}/u.test(w)) return 'Cap';
  if (!/^\p{L}/u.test(w)) return w.length === 1 ? w : 'sym';
  let k = kinds.get(w);
  if (k === undefined) {
    k = lexTags(w).filter((t) => /Tense|Infinitive|Gerund|Modal|Copula|Noun|Adjective|Adverb|Preposition|Pronoun|Determiner|Conjunction/.test(t)).sort().join('+') || 'word';
    if (kinds.size < 100_000) kinds.set(w, k);
  }
  return k;
};

const bucket = (n: number): string => (n <= 4 ? String(n) : (BUCKETS[bucketOf(n)] as string));
const PUNCT = /^[,.;:!?\u2014\u2013\u2015()\u201c\u201d"]$|^--$/;

/** A word's own static features, built once per distinct word (bounded): the same string objects each time,
 * so a weight lookup finds their hash already computed, and a unit builds three strings a token, not eleven. */
interface WordStatics {
  low: string;
  kind: string;
  w: string;
  k: string;
  s3: string;
  /** As a neighbour: before (w-1, k-1), after (w+1, k+1) and two after (w+2). */
  wm1: string;
  km1: string;
  wp1: string;
  kp1: string;
  wp2: string;
}
const wordStatics = new Map<string, WordStatics>();
function staticsOf(word: string): WordStatics {
  let f = wordStatics.get(word);
  if (!f) {
    const low = word.toLowerCase();
    const k = kind(word);
    f = { low, kind: k, w: `w=${low}`, k: `k=${k}`, s3: `s3=${low.slice(-3)}`, wm1: `w-1=${low}`, km1: `k-1=${k}`, wp1: `w+1=${low}`, kp1: `k+1=${k}`, wp2: `w+2=${low}` };
    if (wordStatics.size < 100_000) wordStatics.set(word, f);
  }
  return f;
}
const BEFORE = { low: '<s>', kind: '<s>', wm1: 'w-1=<s>', km1: 'k-1=<s>' };
const AFTER = { low: '</s>', kind: '</s>', wp1: 'w+1=</s>', kp1: 'k+1=</s>', wp2: 'w+2=</s>' };

/** What does not change with the cue: the word, its kind and neighbours, and the next punctuation ahead
 * (how far, which, and the word after it), where a content tends to end. */
function staticFeatures(words: string[]): string[][] {
  const n = words.length;
  const st = words.map(staticsOf);
  const before = (i: number) => (i < 0 ? BEFORE : (st[i] as WordStatics));
  const after = (i: number) => (i >= n ? AFTER : (st[i] as WordStatics));
  const out: string[][] = new Array(n);
  let next = n;
  for (let i = n - 1; i >= 0; i--) {
    const f = st[i] as WordStatics;
    const ahead = `${bucket(next - i)}|${after(next).low}|${after(next + 1).low}`;
    out[i] = [f.w, f.k, f.s3, before(i - 1).wm1, after(i + 1).wp1, after(i + 2).wp2, before(i - 1).km1, after(i + 1).kp1, `k+1k+2=${after(i + 1).kind}|${after(i + 2).kind}`, `np=${ahead}`, `np|k=${ahead}|${f.kind}`];
    if (PUNCT.test(f.low)) next = i;
  }
  return out;
}

/** Which of `tokens` lie inside a quote (sorted, non-overlapping). */
function quotedTokens(tokens: Token[], quotes: readonly Quote[]): Uint8Array {
  const out = new Uint8Array(tokens.length);
  if (!tokens.length) return out;
  let q = lowerBound(quotes, (tokens[0] as Token).start + 1, (x) => x.end);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    while (q < quotes.length && (quotes[q] as Quote).end <= t.start) q++;
    const cur = quotes[q];
    if (cur && cur.start <= t.start && t.end <= cur.end) out[i] = 1;
  }
  return out;
}

export function makeUnit(text: string, start: number, end: number, quotes: readonly Quote[]): AttributionUnit {
  const tokens = tokenize(text.slice(start, end), start);
  const words = tokens.map((t) => t.text);
  return { start, end, tokens, words, quoted: quotedTokens(tokens, quotes), statics: staticFeatures(words) };
}

/**
 * The units of a text: its sentences, those of one paragraph joined where a quote runs across their
 * boundary (“This is in their heads. This is in their consciousness,” said Caddell). `quotes` in text order.
 */
export function unitSpans(sentences: readonly Sentence[], quotes: readonly Quote[]): Span[] {
  const out: Span[] = [];
  let q = 0;
  for (let k = 0; k < sentences.length; k++) {
    const s = sentences[k] as Sentence;
    const last = out.at(-1);
    const prev = sentences[k - 1];
    while (q < quotes.length && (quotes[q] as Quote).end <= s.start) q++;
    // a quote that opened before this sentence and closes inside or after it joins the two
    let joined = false;
    for (let j = q; j < quotes.length && (quotes[j] as Quote).start < s.start; j++) if (prev && (quotes[j] as Quote).start < prev.end) joined = true;
    if (joined && last && prev && prev.paragraph === s.paragraph) last.end = s.end;
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

/**
 * The features of a unit's tokens toward one cue (token indices [c0, c1)): where the token lies from the cue
 * and how far, the commas, stops and quotes between them, the cue's words, what stands right before and
 * after it, and the tags already given.
 */
export function roleFeatures(unit: AttributionUnit, c0: number, c1: number): FeatureFn {
  const { words, quoted, statics } = unit;
  const n = words.length;
  const low = (k: number) => (words[k] ?? (k < 0 ? '<s>' : '</s>')).toLowerCase();
  const cue = words
    .slice(c0, c1)
    .map((w) => w.toLowerCase())
    .join(' ');
  const cueHead = `${low(c0)}|${low(c1 - 1)}`;
  const after = low(c1);
  const before = low(c0 - 1);
  const cueQ = quoted[c0] ?? 0;
  const tail = bucket(n - c1);
  const head = bucket(c0);
  // commas, stops and quote marks between each token and the cue, counted once outward from the cue
  const { commas, stops, marks } = outwardCounts(words, 0, n, c0, c1);
  // the content tagged so far: its length and whether a verb is in it (a clause goes on where a noun
  // phrase stops: "said that he would win in Ohio" / "attacked Machado in early-morning tweets"). Both the
  // trainer and the tagger ask for the tokens in order, so the run is followed as they go.
  let conLen = 0;
  let conVerb = 0;
  return (_words, i, prev, prev2) => {
    if (i === 0 || !prev.endsWith('CON')) {
      conLen = 0;
      conVerb = 0;
    } else {
      conLen++;
      if (isVerbKind((statics[i - 1] as string[])[1] as string)) conVerb = 1;
    }
    const rel = i < c0 ? 'B' : i >= c1 ? 'A' : 'C';
    const d = rel === 'B' ? c0 - i : rel === 'A' ? i - c1 + 1 : 0;
    const db = bucket(d);
    const w = low(i);
    const cm = Math.min(commas[i] ?? 0, 3);
    const q = `${quoted[i] ?? 0}${cueQ}`;
    const r = `${rel}${db}`;
    const f = [
      'b',
      ...(statics[i] as string[]),
      `r=${r}`,
      `r|w=${rel}|${w}`,
      `r|k=${rel}|${(statics[i] as string[])[1]}`,
      `r|cm=${rel}|${cm}`,
      `r|cm|tail=${rel}|${cm}|${tail}`,
      `r|cm|head=${rel}|${cm}|${head}`,
      `r|st=${rel}|${stops[i]}`,
      `r|q=${rel}|${q}|${marks[i]}`,
      `cue=${cue}`,
      `r|cue=${rel}|${cueHead}`,
      `r|db|cue=${r}|${cueHead}`,
      `r|after=${rel}|${after}`,
      `r|before=${rel}|${before}`,
      `r|db|after=${r}|${after}`,
      `r|db|before=${r}|${before}`,
      `t-1=${prev}`,
      `t-2t-1=${prev2}|${prev}`,
      `con=${conVerb}|${bucket(conLen)}|${rel}|${w}`,
      `con|k=${conVerb}|${rel}|${(statics[i] as string[])[1]}`,
      `t-1|r=${prev}|${r}`,
      `t-1|w=${prev}|${w}`,
      `t-1|r|cm=${prev}|${rel}|${cm}|${q}`,
    ];
    if (d <= 3) f.push(`rd|w=${rel}${d}|${w}`);
    return f;
  };
}

export interface Roles {
  /** Token index ranges, end exclusive; content from its first tagged token to its last (as PolNeAR's
   * discontinuous contents are scored). */
  source: Span | null;
  content: Span | null;
}

/** Source and content of the cue at tokens [c0, c1) of a unit, as the model tags them. */
export function tagRoles(model: TaggerModel, unit: AttributionUnit, c0: number, c1: number): Roles {
  const from = Math.max(0, c0 - ROLE_REACH);
  const to = Math.min(unit.words.length, c1 + ROLE_REACH);
  // a model read from models/ is scored without building feature strings (./role-index.ts), the same sums
  const packed = packedWeights(model);
  if (packed) return tagRolesPacked(model, packed, unit, c0, c1, from, to);
  const view = from === 0 && to === unit.words.length ? unit : sliceUnit(unit, from, to);
  const found = spans(tag(model, view.words, roleFeatures(view, c0 - from, c1 - from)));
  let source: Span | null = null;
  let content: Span | null = null;
  const dist = (s: Span) => (s.end <= c0 - from ? c0 - from - s.end : s.start - (c1 - from));
  for (const s of found) {
    if (s.type === 'SRC' && (!source || dist(s) < dist(source))) source = { start: s.start + from, end: s.end + from };
    if (s.type === 'CON') content = content ? { start: content.start, end: s.end + from } : { start: s.start + from, end: s.end + from };
  }
  return { source, content };
}

function sliceUnit(unit: AttributionUnit, from: number, to: number): AttributionUnit {
  const tokens = unit.tokens.slice(from, to);
  return {
    start: (tokens[0] as Token).start,
    end: (tokens.at(-1) as Token).end,
    tokens,
    words: unit.words.slice(from, to),
    quoted: unit.quoted.slice(from, to),
    statics: unit.statics.slice(from, to),
  };
}

/** Intervals sorted by start with the running maximum of their ends: whether [a, b) meets one, in log time. */
function intervalIndex(spans: readonly Span[]): (a: number, b: number) => boolean {
  const sorted = [...spans].sort((x, y) => x.start - y.start);
  const reach: number[] = [];
  let max = -1;
  for (const s of sorted) {
    max = Math.max(max, s.end);
    reach.push(max);
  }
  return (a, b) => {
    const i = lowerBound(sorted, b, (s) => s.start) - 1;
    return i >= 0 && (reach[i] as number) > a;
  };
}

/** A cue the cue finder marks in a unit, the roles the role tagger gives it, and what the claim model reads. */
export interface Candidate {
  /** Token indices in the unit, end exclusive. */
  cue: Span;
  source: Span | null;
  content: Span;
  feats: string[];
}

const PRONOUN = /^(he|she|they|it|we|i|you|who|which|that)$/;

/** What the claim model reads of a candidate: its cue, source and content, and how they lie. */
export function candidateFeatures(unit: AttributionUnit, cue: Span, source: Span | null, content: Span): string[] {
  const { words, quoted } = unit;
  const n = words.length;
  const low = (k: number) => (words[k] ?? (k < 0 ? '<s>' : '</s>')).toLowerCase();
  const kd = (k: number) => (words[k] === undefined ? '<none>' : kind(words[k] as string));
  const last = low(cue.end - 1);
  const st = stem(last);
  const cueText = words
    .slice(cue.start, cue.end)
    .map((w) => w.toLowerCase())
    .join(' ');
  const conPos = content.end <= cue.start ? 'B' : content.start >= cue.end ? 'A' : 'X';
  const gap = conPos === 'B' ? cue.start - content.end : conPos === 'A' ? content.start - cue.end : 0;
  let q = 0;
  for (let i = content.start; i < content.end; i++) q += quoted[i] ?? 0;
  const conQ = q === 0 ? 'none' : q === content.end - content.start ? 'all' : 'some';
  const conLen = bucket(content.end - content.start);
  const f = [
    'b',
    `cue=${cueText}`,
    `cue0=${low(cue.start)}`,
    `cueN=${last}`,
    `cuest=${st}`,
    `cuelen=${Math.min(cue.end - cue.start, 4)}`,
    `cuek=${kd(cue.start)}|${kd(cue.end - 1)}`,
    `w-1=${low(cue.start - 1)}`,
    `w+1=${low(cue.end)}`,
    `k-1k+1=${kd(cue.start - 1)}|${kd(cue.end)}`,
    `con=${conPos}|${conLen}`,
    `con0=${low(content.start)}`,
    `conk0=${kd(content.start)}`,
    `conN=${low(content.end - 1)}`,
    `conQ=${conQ}`,
    `gap=${bucket(gap)}|${conPos}`,
    `conEnd=${content.end === n || (content.end === n - 1 && /^[.!?]$/.test(words[n - 1] as string))}`,
    `cuest|conpos=${st}|${conPos}`,
    `cuest|con0=${st}|${low(content.start)}`,
    `cuest|conlen=${st}|${conLen}`,
    `ulen=${bucket(n)}|${bucket(cue.start)}|${bucket(n - cue.end)}`,
  ];
  if (source) {
    const s0 = low(source.start);
    const pron = source.end - source.start === 1 && PRONOUN.test(s0);
    const caps = words.slice(source.start, source.end).some((w) => /^\p{Lu}/u.test(w));
    const srcPos = source.end <= cue.start ? 'B' : 'A';
    const kindOfSrc = pron ? `pron:${s0}` : caps ? 'name' : 'np';
    f.push(
      `src=${srcPos}|${bucket(source.end - source.start)}`,
      `src0=${s0}`,
      `srcN=${low(source.end - 1)}`,
      `srck=${kindOfSrc}`,
      `srcgap=${bucket(srcPos === 'B' ? cue.start - source.end : source.start - cue.end)}`,
      `cuest|src=${st}|${kindOfSrc}`,
      `srcpos|conpos=${srcPos}|${conPos}`,
    );
  } else f.push('src=none', `cuest|src=${st}|none`, `nosrc|conpos=${conPos}`);
  return f;
}

const BE = /^(is|are|was|were|be|been|being|'s|’s)$/;
const PARTICIPLE = /^\p{Ll}+(?:ed|en|wn|ght|id|nt)$/u;
/** Whether a cue is a passive with no agent: a form of "be" (an adverb or "not" between) before a past
 * participle that opens or is the cue, and no "by" right after it. */
function isPassive(unit: AttributionUnit, cue: Span): boolean {
  const low = (k: number) => (unit.words[k] ?? '').toLowerCase();
  const adverb = (k: number) => /ly$|^(also|not|never|often|already|reportedly)$/.test(low(k));
  let k = cue.start;
  let be = BE.test(low(k));
  if (be) k++;
  while (k < cue.end && adverb(k)) k++;
  if (k >= cue.end || !PARTICIPLE.test(low(k))) return false;
  if (!be) {
    // the form of "be" stands before the cue: "was also accused", "have often been criticized"
    let j = cue.start - 1;
    while (j >= 0 && adverb(j)) j--;
    be = j >= 0 && BE.test(low(j));
  }
  return be && low(cue.end) !== 'by';
}

/** "An independent audit published on Tuesday": a participle phrase after the head of a source describes
 * it and is not the speaker; the source ends before it. */
const PREP = /^(on|in|at|by|last|this|earlier|late|early|from|for|with|during|after|before|to|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today)$/;
const AUX = /^(is|are|was|were|be|been|being|has|have|had|who|which|that|not|also)$/;
function trimSource(words: string[], src: Span): Span {
  for (let i = src.start + 1; i < src.end - 1; i++) {
    const w = words[i] as string;
    if (!/^\p{Ll}+(?:ed|en)$/u.test(w) || AUX.test((words[i - 1] as string).toLowerCase())) continue;
    if (PREP.test((words[i + 1] as string).toLowerCase())) return { start: src.start, end: i };
  }
  return src;
}

/** Verbs of doing that PolNeAR's annotators sometimes mark where a body acts on a thing ("the House
 * approved amendments"): a claim is something said, thought or stood for, so such a verb makes one only
 * when what follows is a clause or a quote, not a thing. */
const ACTS = /^(approv|pass|vote|sign|adopt|enact|ratifi|ratify|veto|recal|launch|build|built|buy|bought|sell|sold|hire|fire|award|fund|clos|open|order|ban|cut|rais|spend|spent|invest|acquir|merg|ship|deliver|install|complet|finish|start|plan|project|produc|manufactur|releas|publish)/;
const CLAUSE = /^(that|whether|if|how|why|what|who|when|where|to)$/;
/** Verbs of going and staying anywhere in a cue: "He came back to the city" goes somewhere, says nothing
 * (the prior toward cues, CUE_PRIOR, opens cues on them that the claim model never met in training). */
const MOTION = /^(came|come|comes|coming|went|go|goes|going|gone|return|returned|returns|returning|moved|move|moves|moving|travel|traveled|travelled|travels|traveling|arrived|arrive|arrives|flew|fly|flies|drove|drive|drives|walked|walk|walks|stayed|stay|stays|lived|live|lives|left|leave|leaves)$/;
function isAct(unit: AttributionUnit, cue: Span, content: Span): boolean {
  const act = ACTS.test((unit.words[cue.end - 1] as string).toLowerCase()) || unit.words.slice(cue.start, cue.end).some((w) => MOTION.test(w.toLowerCase()));
  return act && !reportsClause(unit, content);
}

/** Whether a content is a clause or a quote: opened by "that", "whether", "to" …, quoted, or holding a
 * finite verb ("approved, saying the line would …"). */
function reportsClause(unit: AttributionUnit, content: Span): boolean {
  const first = (unit.words[content.start] as string).toLowerCase();
  if (CLAUSE.test(first) || unit.quoted[content.start]) return true;
  for (let i = content.start; i < content.end; i++) if (isVerbKind((unit.statics[i] as string[])[1] as string)) return true;
  return false;
}

/** Words before a noun that are capitalized at a sentence's start without naming anyone. */
const DETERMINER = /^(a|an|the|this|that|these|those|its|their|his|her|our|my|your|some|many|most|several|both|all|each|other|another|such|new|former|top|one|two|three)$/i;
/** Nouns of people and bodies in the plural or as a kind ("critics", "experts", "Democrats" lower-cased). */
const PEOPLE = /^(critics?|experts?|voters?|supporters?|leaders?|officials?|people|aides?|advisers?|advisors?|allies|ally|opponents?|observers?|analysts?|members?|residents?|lawmakers?|scholars?|democrats?|republicans?|conservatives?|liberals?|progressives?|activists?|economists?|historians?|strategists?|pollsters?|investigators?|prosecutors?|authorities|police|officers?|doctors?|docs?|parents?|mother|father|wife|husband|son|daughter|sister|brother|friends?|colleagues?|staff|staffers?|campaign|administration|spokesman|spokeswoman|spokesperson|lawyers?|attorneys?|sources?|executives?|workers?|employees?|students?|teachers?|americans?|voices|groups?|unions?|organizers?|protesters?|demonstrators?|fans?|donors?|delegates?|candidates?|nominees?|senators?|governors?|mayors?|rivals?|contenders?|players?|writers?|reporters?|journalists?|editors?|commentators?|pundits?|bloggers?|users?|respondents?|participants?|everyone|everybody|nobody|anyone|someone|somebody)$/i;
const PRONOUN_SOURCE = /^(he|she|they|it|we|i|you|who|which|that|some|many|others|both|all|one|each|most|several|few|his|her|their)$/i;

/** Whether a source names someone who can speak: a name, a pronoun, a share of people ("46 percent"), or a
 * noun of people or of a body. An event or a document ("a decision", "an independent audit") is no speaker,
 * though PolNeAR's annotators mark some: our claims are said by people and organizations. */
function isAgent(words: string[], src: Span): boolean {
  const ws = words.slice(src.start, src.end);
  if (ws.some((w) => /^\p{Lu}/u.test(w) && !DETERMINER.test(w))) return true;
  const low = ws.map((w) => w.toLowerCase().replace(/['\u2019]s$/, ''));
  if (low.length === 1 && PRONOUN_SOURCE.test(low[0] as string)) return true;
  // any noun of people or a body in the phrase: "elected officials from both parties", "One of the docs who …"
  return low.some((w, i) => PEOPLE.test(w) || PERSON_NOUNS.test(w) || ORG_NOUNS.test(w) || ORG_NOUNS.test(w.replace(/s$/, '')) || (/^(percent|%)$/.test(w) && i > 0));
}

/**
 * The candidates of a unit: each of its cues (unit token indices) outside quotes, with the roles tagged toward
 * it, when it has both a source and a content (a claim says who speaks; a cue with no one before or after it
 * is a noun or an act: "a 1.1-gigawatt project", "recalling 40,000 batteries"), and is not an act on a thing.
 */
export function unitCandidates(unit: AttributionUnit, cues: readonly Span[], roleModel: TaggerModel, skip?: (cue: Span) => boolean): Candidate[] {
  const out: Candidate[] = [];
  let tried = 0;
  for (const c of cues) {
    if (unit.quoted[c.start] || skip?.(c) || ++tried > MAX_CUES_PER_UNIT) continue;
    const cue = { start: c.start, end: c.end };
    const r = tagRoles(roleModel, unit, c.start, c.end);
    if (!r.content || !r.source || isAct(unit, cue, r.content)) continue;
    const source = trimSource(unit.words, r.source);
    if (!isAgent(unit.words, source)) continue;
    out.push({ cue, source, content: r.content, feats: candidateFeatures(unit, cue, source, r.content) });
  }
  return out;
}

/** The span [start, end) without the conjunction that joined it to what follows: "… in a row, but". */
function cutBefore(text: string, start: number, end: number): Span {
  const s = trimSpan(text, start, end);
  const tail = /[\s,;]+(?:but|and|while|whereas|although|though|yet|so|as)$/i.exec(text.slice(s.start, s.end));
  return tail ? trimSpan(text, s.start, s.end - tail[0].length) : s;
}

export interface LearnedClaims {
  claims: RawClaim[];
  /** Claims found before whose content now ends where an attribution inside it begins, with that content. */
  trimmed: Map<RawClaim, Span>;
}

/** How sure the claim model must be of an attribution inside another claim's content. */
const NESTED_THRESHOLD = 0.5;
/** Words an outer content must keep before an attribution inside it: "that" alone is no claim. */
const NESTED_MIN_WORDS = 4;

/**
 * Claims the learned models find where the rules found none: every cue the cue finder marks outside quotes
 * and outside the claims found so far, with the source and content the role tagger gives it, kept when the
 * claim model finds it likely enough (its probability is the claim's score).
 */
export function learnedClaims(inp: PatternInput, taken: readonly RawClaim[]): LearnedClaims {
  const { text, quotes, sentences } = inp;
  const roles = taggerModel('attribution-polnear');
  const judge = classifierModel('attribution-claim-polnear') as ClaimModel;
  const threshold = judge.threshold ?? 0.5;
  // reported speech after its cue may hold another attribution ("X said that the deal was dead, and Y
  // claimed that …"): PolNeAR's annotators never nest one inside another's content, so the inner one is a
  // claim of its own and the outer content ends where it begins. Quotes, and contents before their cue, are
  // not read inside.
  const nestable = taken.filter((c) => c.kind !== 'direct' && c.content.start >= c.cue.end);
  const closed = taken.filter((c) => !nestable.includes(c));
  const busy = intervalIndex([...closed.map((c) => c.content), ...taken.map((c) => c.cue)]);
  const inOuter = intervalIndex(nestable.map((c) => c.content));
  // who the rules found speaking is not what is said: "But Carter, Wolff wrote, argued that …"
  const speakers = intervalIndex(taken.flatMap((c) => (c.speaker && c.speaker.end > c.speaker.start ? [{ start: c.speaker.start, end: c.speaker.end }] : [])));
  /** Where a claim's content `outer` ends when an attribution (cue and content `said`, source `src`, all of it
   * `whole`) lies inside it: wholly inside, or its source standing before that content as the outer claim's
   * own subject ("Graham urged Republicans to act, and criticized the party's record"); undefined when it
   * does not lie inside or the outer content would keep too few words. */
  const nestedCut = (outer: Span, whole: Span, said: Span, src: Span | null): Span | undefined => {
    const inside = (x: Span) => outer.start < x.start && x.end <= outer.end;
    const from = inside(whole) ? whole.start : inside(said) && src && src.end <= outer.start ? said.start : -1;
    if (from < 0) return undefined;
    const cut = cutBefore(text, outer.start, from);
    return words(text.slice(cut.start, cut.end)) >= NESTED_MIN_WORDS ? cut : undefined;
  };
  const out: RawClaim[] = [];
  const trimmed = new Map<RawClaim, Span>();
  let k = 0;
  for (const u of unitSpans(sentences, quotes)) {
    // the cues of the unit's sentences (tagged once per sentence, shared with the rules), outside the claims
    // found so far: a unit with none is not read further
    const open: Span[] = [];
    for (; k < sentences.length && (sentences[k] as Sentence).start < u.end; k++) {
      for (const c of sentenceCues(inp, text, sentences[k] as Sentence)) if (!busy(c.start, c.end)) open.push(c);
    }
    if (!open.length) continue;
    const unit = makeUnit(text, u.start, u.end, quotes);
    const chars = (s: Span): Span => ({ start: (unit.tokens[s.start] as Token).start, end: (unit.tokens[s.end - 1] as Token).end });
    const mine: Span[] = [];
    for (const c of unitCandidates(unit, cuesAmong(unit.tokens, open), roles)) {
      const cue = chars(c.cue);
      const content = chars(c.content);
      if (busy(content.start, content.end) || speakers(content.start, content.end) || mine.some((m) => m.start < content.end && content.start < m.end)) continue;
      // "Quiros was accused of …", "a curfew was announced": the subject of a passive cue is what is said
      // about, not who says it; with no "by" agent no one is named as speaking
      const src = c.source && !isPassive(unit, c.cue) ? chars(c.source) : null;
      const said: Span = { start: Math.min(cue.start, content.start), end: Math.max(cue.end, content.end) };
      const whole: Span = { start: Math.min(said.start, src?.start ?? said.start), end: Math.max(said.end, src?.end ?? said.end) };
      // inside another claim's content: a claim of its own when surer
      let outer: RawClaim | undefined;
      let cut: Span | undefined;
      if (inOuter(whole.start, whole.end)) {
        for (const o of nestable) {
          cut = nestedCut(o.content, whole, said, src);
          if (cut) {
            outer = o;
            break;
          }
        }
        if (!outer || !cut) continue;
      }
      const p = classify(judge, c.feats).probs[1] as number;
      if (p < (outer ? Math.max(threshold, NESTED_THRESHOLD) : threshold)) continue;
      const speaker = src ? (resolveSpeaker(inp, src.start, src.end) ?? { entityId: null, name: null, text: text.slice(src.start, src.end), start: src.start, end: src.end }) : null;
      if (outer && cut) {
        const prev = trimmed.get(outer);
        if (!prev || cut.end < prev.end) trimmed.set(outer, cut);
      }
      mine.push(content, cue);
      out.push({ kind: kindOf(text, content, quotes), speaker, cue, content, confidence: Math.round(p * 1000) / 1000, score: p, rule: 'learned-attribution', model: 'attribution-polnear' });
    }
  }
  return { claims: out, trimmed };
}
