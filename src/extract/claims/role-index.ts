// The role tagger (./learned-attribution.ts) decoded without building its feature strings: about 36 fresh
// strings per token per cue were most of its time and garbage. Each feature's weights are found by small
// integer codes (where the cue lies, how far, commas between, the tags before) or by the word's own string
// (hashed once), remembered per model (the cue's own, by its words and the words either side, across cues);
// a token's first twelve features (its statics) are summed once per unit for every cue, found through a
// memo of the statics met, far smaller than the model's index of a quarter million. The same features are
// added in the same order from the same zero as roleFeatures lists them, so the scores are the same bit for
// bit: roleFeatures stays the definition (training uses it).
import { addWeights, bestTag, codeTable, featureNumber, type PackedWeights, spans, type TaggerModel, tagInfo, UNKNOWN } from '../learned/tagger.js';
import type { AttributionUnit, Roles } from './learned-attribution.js';
import type { Span } from './types.js';

/** The distance buckets of the role and claim features, and a distance's bucket number. */
export const BUCKETS = ['0', '1', '2', '3', '4', '5-6', '7-10', '11-15', '16-25', '26+'];
export const bucketOf = (n: number): number => (n <= 4 ? n : n <= 6 ? 5 : n <= 10 ? 6 : n <= 15 ? 7 : n <= 25 ? 8 : 9);
/** Whether a word's kind feature ("k=…") names a finite verb: a clause goes on where a noun phrase stops. */
export const isVerbKind = (kindFeature: string): boolean => /Tense|Modal|Copula/.test(kindFeature);
const RELS = ['B', 'A', 'C'];

/** Per model: feature numbers by code (UNKNOWN until first asked), and by word or kind string. */
interface RoleIndex {
  p: PackedWeights;
  /** The model's tag number of each tag name, '<s>' last. */
  prevNames: string[];
  r: Int32Array; // rel × db
  rcm: Int32Array; // rel × cm
  rcmTail: Int32Array; // rel × cm × tail
  rcmHead: Int32Array; // rel × cm × head
  rst: Int32Array; // rel × stop
  rq: Int32Array; // rel × q (quoted, cue quoted) × mark
  t1: Int32Array; // prev
  t2t1: Int32Array; // prev2 × prev
  t1r: Int32Array; // prev × rel × db
  t1rcm: Int32Array; // prev × rel × cm × q
  rw: Map<string, number>[]; // rel → word
  rk: Map<string, number>[]; // rel → kind feature
  con: Map<string, number>[]; // conVerb × conLen bucket × rel → word
  conk: Map<string, number>[]; // conVerb × rel → kind feature
  t1w: Map<string, number>[]; // prev → word
  rdw: Map<string, number>[]; // rel × d (d ≤ 3) → word
  cue: Map<string, number>; // the cue's words
  statics: Map<string, number>; // a token's static features, as met (far fewer than the model's)
  /** Per cue head, word after and word before the cue: rel (0–2), then 3 + rel × db. Kept across cues, as
   * most cues are a few common verbs. */
  cueHead: Map<string, Int32Array>;
  after: Map<string, Int32Array>;
  before: Map<string, Int32Array>;
}

const maps = (n: number) => Array.from({ length: n }, () => new Map<string, number>());

const indexes = new WeakMap<object, RoleIndex>();
function roleIndex(model: TaggerModel, p: PackedWeights): RoleIndex {
  let ix = indexes.get(model);
  if (!ix) {
    const prevNames = [...model.tags, '<s>'];
    const np = prevNames.length;
    ix = {
      p,
      prevNames,
      r: codeTable(30),
      rcm: codeTable(12),
      rcmTail: codeTable(120),
      rcmHead: codeTable(120),
      rst: codeTable(6),
      rq: codeTable(24),
      t1: codeTable(np),
      t2t1: codeTable(np * np),
      t1r: codeTable(np * 30),
      t1rcm: codeTable(np * 48),
      rw: maps(3),
      rk: maps(3),
      con: maps(60),
      conk: maps(6),
      t1w: maps(np),
      rdw: maps(12),
      cue: new Map(),
      statics: new Map(),
      cueHead: new Map(),
      after: new Map(),
      before: new Map(),
    };
    indexes.set(model, ix);
  }
  return ix;
}


/** The feature's number from a code table, found by its string the first time. */
function coded(p: PackedWeights, t: Int32Array, code: number, key: () => string): number {
  let j = t[code] as number;
  if (j === UNKNOWN) {
    j = featureNumber(p, key());
    t[code] = j;
  }
  return j;
}

/** The feature's number from a string-keyed memo (bounded: it only ever holds what the model answers). */
function keyed(p: PackedWeights, m: Map<string, number>, part: string, key: () => string): number {
  let j = m.get(part);
  if (j === undefined) {
    j = featureNumber(p, key());
    if (m.size < 100_000) m.set(part, j);
  }
  return j;
}

/** The code table of one cue head or neighbour word (bounded, as `keyed`). */
function relTable(m: Map<string, Int32Array>, key: string): Int32Array {
  let t = m.get(key);
  if (!t) {
    t = codeTable(33);
    if (m.size < 100_000) m.set(key, t);
  }
  return t;
}

const add = addWeights;

/** What a unit gives every cue: lower-cased words, whether each is a verb, and the statics' sums. */
interface UnitFacts {
  lows: string[];
  verb: Uint8Array;
  /** Per token, the summed weights of 'b' and its statics (tags × tokens), once `summed[i]`. */
  base: Float64Array;
  summed: Uint8Array;
}
const unitFacts = new WeakMap<AttributionUnit, UnitFacts>();
function factsOf(unit: AttributionUnit, tags: number): UnitFacts {
  let f = unitFacts.get(unit);
  if (!f) {
    const n = unit.words.length;
    f = {
      lows: unit.words.map((w) => w.toLowerCase()),
      verb: Uint8Array.from(unit.statics, (s) => (isVerbKind(s[1] as string) ? 1 : 0)),
      base: new Float64Array(n * tags),
      summed: new Uint8Array(n),
    };
    unitFacts.set(unit, f);
  }
  return f;
}

const isComma = (w: string) => w === ',' || w === ';' || w === '\u2014' || w === '\u2013' || w === '\u2015' || w === '--';
const isStop = (w: string) => w === '.' || w === '!' || w === '?';
const isMark = (w: string) => w === '\u201c' || w === '\u201d' || w === '"' || w === "''";

/** Between each of n words (words[offset + i]) and the cue at [c0, c1), counted once outward from the cue
 * each way: the commas (dashes and semicolons too), and whether a stop or a quote mark was passed. */
export function outwardCounts(words: readonly string[], offset: number, n: number, c0: number, c1: number): { commas: Int16Array; stops: Uint8Array; marks: Uint8Array } {
  const commas = new Int16Array(n);
  const stops = new Uint8Array(n);
  const marks = new Uint8Array(n);
  const walk = (start: number, stop: number, step: number) => {
    for (let i = start, c = 0, s = 0, m = 0; i !== stop; i += step) {
      const w = words[offset + i] as string;
      if (isComma(w)) c++;
      if (isStop(w)) s = 1;
      if (isMark(w)) m = 1;
      commas[i] = c;
      stops[i] = s;
      marks[i] = m;
    }
  };
  walk(c0 - 1, -1, -1);
  walk(c1, n, 1);
  return { commas, stops, marks };
}

/**
 * The roles of the cue at unit tokens [c0, c1), read within [from, to): what tagRoles gives with
 * roleFeatures over the unit's slice [from, to), for a model read from models/ (packed).
 */
export function tagRolesPacked(model: TaggerModel, p: PackedWeights, unit: AttributionUnit, c0: number, c1: number, from: number, to: number): Roles {
  const ix = roleIndex(model, p);
  const T = model.tags.length;
  const uf = factsOf(unit, T);
  const { lows, verb, base, summed } = uf;
  const { words, quoted, statics } = unit;
  const n = to - from;
  // view-relative, as roleFeatures sees the slice
  const v0 = c0 - from;
  const v1 = c1 - from;
  const low = (k: number) => (k < 0 ? '<s>' : k >= n ? '</s>' : (lows[from + k] as string));
  const cue = lows.slice(c0, c1).join(' ');
  const cueHead = `${low(v0)}|${low(v1 - 1)}`;
  const after = low(v1);
  const before = low(v0 - 1);
  const cueQ = quoted[c0] ?? 0;
  const tail = bucketOf(n - v1);
  const head = bucketOf(v0);
  const { commas, stops, marks } = outwardCounts(words, from, n, v0, v1);
  // this cue's own features, by rel or by rel × db
  const cueJ = keyed(p, ix.cue, cue, () => `cue=${cue}`);
  const rCue = relTable(ix.cueHead, cueHead);
  const rAfter = relTable(ix.after, after);
  const rBefore = relTable(ix.before, before);

  const info = tagInfo(model.tags);
  const scores = new Float64Array(T);
  const out: string[] = [];
  const outIdx = new Int32Array(n);
  const START = ix.prevNames.length - 1;
  let conLen = 0;
  let conVerb = 0;
  for (let i = 0; i < n; i++) {
    const u = from + i;
    const prev = out[i - 1] ?? '<s>';
    const pi = i > 0 ? (outIdx[i - 1] as number) : START;
    const p2 = i > 1 ? (outIdx[i - 2] as number) : START;
    if (i === 0 || !prev.endsWith('CON')) {
      conLen = 0;
      conVerb = 0;
    } else {
      conLen++;
      if (verb[u - 1]) conVerb = 1;
    }
    if (!summed[u]) {
      const b = base.subarray(u * T, u * T + T);
      add(p, b, keyed(p, ix.statics, 'b', () => 'b'));
      for (const f of statics[u] as string[]) add(p, b, keyed(p, ix.statics, f, () => f));
      summed[u] = 1;
    }
    scores.set(base.subarray(u * T, u * T + T));
    const rel = i < v0 ? 0 : i >= v1 ? 1 : 2;
    const R = RELS[rel] as string;
    const d = rel === 0 ? v0 - i : rel === 1 ? i - v1 + 1 : 0;
    const db = bucketOf(d);
    const rc = rel * 10 + db;
    const r = () => `${R}${BUCKETS[db]}`;
    const w = lows[u] as string;
    const kf = (statics[u] as string[])[1] as string;
    const cm = Math.min(commas[i] as number, 3);
    const qi = quoted[u] ?? 0;
    const qc = qi * 2 + cueQ;
    const q = `${qi}${cueQ}`;
    add(p, scores, coded(p, ix.r, rc, () => `r=${r()}`));
    add(p, scores, keyed(p, ix.rw[rel] as Map<string, number>, w, () => `r|w=${R}|${w}`));
    add(p, scores, keyed(p, ix.rk[rel] as Map<string, number>, kf, () => `r|k=${R}|${kf}`));
    add(p, scores, coded(p, ix.rcm, rel * 4 + cm, () => `r|cm=${R}|${cm}`));
    add(p, scores, coded(p, ix.rcmTail, (rel * 4 + cm) * 10 + tail, () => `r|cm|tail=${R}|${cm}|${BUCKETS[tail]}`));
    add(p, scores, coded(p, ix.rcmHead, (rel * 4 + cm) * 10 + head, () => `r|cm|head=${R}|${cm}|${BUCKETS[head]}`));
    add(p, scores, coded(p, ix.rst, rel * 2 + (stops[i] as number), () => `r|st=${R}|${stops[i]}`));
    add(p, scores, coded(p, ix.rq, (rel * 4 + qc) * 2 + (marks[i] as number), () => `r|q=${R}|${q}|${marks[i]}`));
    add(p, scores, cueJ);
    add(p, scores, coded(p, rCue, rel, () => `r|cue=${R}|${cueHead}`));
    add(p, scores, coded(p, rCue, 3 + rc, () => `r|db|cue=${r()}|${cueHead}`));
    add(p, scores, coded(p, rAfter, rel, () => `r|after=${R}|${after}`));
    add(p, scores, coded(p, rBefore, rel, () => `r|before=${R}|${before}`));
    add(p, scores, coded(p, rAfter, 3 + rc, () => `r|db|after=${r()}|${after}`));
    add(p, scores, coded(p, rBefore, 3 + rc, () => `r|db|before=${r()}|${before}`));
    const prev2 = ix.prevNames[p2] as string;
    add(p, scores, coded(p, ix.t1, pi, () => `t-1=${prev}`));
    add(p, scores, coded(p, ix.t2t1, p2 * ix.prevNames.length + pi, () => `t-2t-1=${prev2}|${prev}`));
    const cb = bucketOf(conLen);
    add(p, scores, keyed(p, ix.con[(conVerb * 10 + cb) * 3 + rel] as Map<string, number>, w, () => `con=${conVerb}|${BUCKETS[cb]}|${R}|${w}`));
    add(p, scores, keyed(p, ix.conk[conVerb * 3 + rel] as Map<string, number>, kf, () => `con|k=${conVerb}|${R}|${kf}`));
    add(p, scores, coded(p, ix.t1r, pi * 30 + rc, () => `t-1|r=${prev}|${r()}`));
    add(p, scores, keyed(p, ix.t1w[pi] as Map<string, number>, w, () => `t-1|w=${prev}|${w}`));
    add(p, scores, coded(p, ix.t1rcm, ((pi * 3 + rel) * 4 + cm) * 4 + qc, () => `t-1|r|cm=${prev}|${R}|${cm}|${q}`));
    if (d <= 3) add(p, scores, keyed(p, ix.rdw[rel * 4 + d] as Map<string, number>, w, () => `rd|w=${R}${d}|${w}`));
    const best = bestTag(info, scores, prev);
    const t = model.tags[best] ?? 'O';
    outIdx[i] = best < 0 ? ix.prevNames.indexOf(t) : best;
    out.push(t);
  }
  let source: Span | null = null;
  let content: Span | null = null;
  const dist = (s: Span) => (s.end <= v0 ? v0 - s.end : s.start - v1);
  for (const s of spans(out)) {
    if (s.type === 'SRC' && (!source || dist(s) < dist(source))) source = { start: s.start + from, end: s.end + from };
    if (s.type === 'CON') content = content ? { start: content.start, end: s.end + from } : { start: s.start + from, end: s.end + from };
  }
  return { source, content };
}
