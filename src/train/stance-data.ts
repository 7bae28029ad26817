// Reading the stance sets (../shared/data/stance: DSE and MPQA, train and dev) into (holder, target) pairs of
// our own entity mentions, each labelled none / support / oppose: what src/train/stance.ts learns from and is
// measured on. Entities come from our entity stage; a gold entity it misses cannot be paired (counted).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { candidatesIn, type Candidate } from '../extract/claims/relations.js';
import { pairFeatures, sentenceView } from '../extract/claims/stance-features.js';
import { extractEntities } from '../extract/entities/index.js';
import { type Sentence, splitSentences } from '../extract/sentences.js';
import { lowerBound } from '../extract/sorted.js';

export type StanceLabel = 'none' | 'support' | 'oppose';

export interface Span {
  start: number;
  end: number;
  text: string;
}

export interface PairExample {
  doc: string;
  feats: string[];
  label: StanceLabel;
  /** For DSE: the item and which direction this pair reads (p→q or q→p). */
  item?: number;
  dir?: 'pq' | 'qp';
}

export interface ReadStats {
  items: number;
  /** Items (DSE) or polar opinions (MPQA) whose both ends overlap one of our mentions. */
  paired: number;
  /** The same among items with a stance (DSE labels 1–4; MPQA: all polar opinions). */
  polar: number;
  polarPaired: number;
}

/** The texts of a `{id, text}` JSON-lines file, by id. */
export const readTexts = (path: string): Map<string, string> =>
  new Map(
    readFileSync(path, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { id: string; text: string })
      .map((r) => [r.id, r.text]),
  );

const ov = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

interface DocView {
  sentences: Sentence[];
  /** Candidates per sentence. */
  cands: Candidate[][];
}

function docView(text: string): DocView {
  const sentences = splitSentences(text);
  const { mentions } = extractEntities(text, sentences);
  const cands = sentences.map((s) => {
    const a = lowerBound(mentions, s.start, (m) => m.start);
    const b = lowerBound(mentions, s.end, (m) => m.start);
    return candidatesIn(mentions.slice(a, b).filter((m) => m.end <= s.end));
  });
  return { sentences, cands };
}

/** The candidate overlapping a gold span most. */
function bestOverlap(cands: readonly Candidate[], g: { start: number; end: number }): Candidate | undefined {
  let best: Candidate | undefined;
  let most = 0;
  for (const c of cands) {
    const o = Math.min(c.end, g.end) - Math.max(c.start, g.start);
    if (o > most) {
      most = o;
      best = c;
    }
  }
  return best;
}

function features(d: DocView, si: number, h: Candidate, t: Candidate): string[] {
  const cands = d.cands[si] as Candidate[];
  return pairFeatures(sentenceView(d.sentences[si] as Sentence), h, t, cands.filter((c) => c !== h && c !== t));
}

interface DseItem {
  n: number;
  doc: string;
  label: number;
  p: Span;
  q: Span;
}

/** DSE: both directions of every item whose two entities we find in one sentence. */
export function readDse(dir: string, split: 'train' | 'dev'): { examples: PairExample[]; stats: ReadStats; items: DseItem[] } {
  const texts = readTexts(join(dir, `dse-${split}.in.jsonl`));
  const items = (JSON.parse(readFileSync(join(dir, `dse-${split}.truth.json`), 'utf8')) as { items: DseItem[] }).items;
  const stats: ReadStats = { items: items.length, paired: 0, polar: 0, polarPaired: 0 };
  const examples: PairExample[] = [];
  const views = new Map<string, DocView>();
  for (const it of items) {
    const text = texts.get(it.doc);
    if (text === undefined) continue;
    let d = views.get(it.doc);
    if (!d) {
      d = docView(text);
      views.set(it.doc, d);
    }
    if (it.label) stats.polar++;
    const si = d.sentences.findIndex((s) => ov(s, it.p));
    const cands = d.cands[si] ?? [];
    const p = bestOverlap(cands, it.p);
    const q = bestOverlap(cands, it.q);
    if (!p || !q || p === q || p.mention.entity.id === q.mention.entity.id) continue;
    stats.paired++;
    if (it.label) stats.polarPaired++;
    const pq: StanceLabel = it.label === 1 ? 'support' : it.label === 3 ? 'oppose' : 'none';
    const qp: StanceLabel = it.label === 2 ? 'support' : it.label === 4 ? 'oppose' : 'none';
    examples.push({ doc: it.doc, feats: features(d, si, p, q), label: pq, item: it.n, dir: 'pq' });
    examples.push({ doc: it.doc, feats: features(d, si, q, p), label: qp, item: it.n, dir: 'qp' });
  }
  return { examples, stats, items };
}

interface MpqaOpinion {
  doc: string;
  sentence: Span;
  source: Span | null;
  target: Span | null;
  stance: string | null;
}

/**
 * MPQA: every ordered pair of our mentions (two entities) in a sentence; support or oppose where an opinion's
 * holder overlaps the first and its target the second, else none.
 */
export function readMpqa(dir: string, split: 'train' | 'dev'): { examples: PairExample[]; stats: ReadStats } {
  const texts = readTexts(join(dir, `mpqa-${split}.in.jsonl`));
  const ops = (JSON.parse(readFileSync(join(dir, `mpqa-${split}.truth.json`), 'utf8')) as { opinions: MpqaOpinion[] }).opinions;
  const stats: ReadStats = { items: 0, paired: 0, polar: 0, polarPaired: 0 };
  const examples: PairExample[] = [];
  const byDoc = new Map<string, MpqaOpinion[]>();
  for (const o of ops) byDoc.set(o.doc, [...(byDoc.get(o.doc) ?? []), o]);
  for (const [doc, text] of texts) {
    const d = docView(text);
    const opinions = (byDoc.get(doc) ?? []).filter((o) => o.source && o.target);
    const polar = opinions.filter((o) => o.stance === 'support' || o.stance === 'oppose');
    stats.polar += polar.length;
    for (const o of polar) {
      const si = d.sentences.findIndex((s) => ov(s, o.sentence));
      const cands = d.cands[si] ?? [];
      if (cands.some((c) => ov(c, o.source as Span)) && cands.some((c) => ov(c, o.target as Span))) stats.polarPaired++;
    }
    d.sentences.forEach((s, si) => {
      const cands = d.cands[si] as Candidate[];
      if (cands.length < 2) return;
      for (const h of cands)
        for (const t of cands) {
          if (h === t || h.mention.entity.id === t.mention.entity.id) continue;
          stats.items++;
          const hit = opinions.find((o) => ov(o.sentence, s) && ov(o.source as Span, h) && ov(o.target as Span, t) && !ov(o.target as Span, h));
          const label: StanceLabel = hit?.stance === 'support' || hit?.stance === 'oppose' ? hit.stance : 'none';
          if (label !== 'none') stats.paired++;
          examples.push({ doc, feats: features(d, si, h, t), label });
        }
    });
  }
  return { examples, stats };
}
