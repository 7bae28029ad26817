// The one way every trainer scores spans on dev: exact matches of (start, end, type) between gold and
// predicted spans, pooled over all sequences into precision, recall and F1.

export interface ScoredSpan {
  start: number;
  end: number;
  type?: string;
}

export interface SpanScore {
  tp: number;
  pred: number;
  gold: number;
  p: number;
  r: number;
  f1: number;
}

const key = (s: ScoredSpan) => `${s.start}:${s.end}:${s.type ?? ''}`;

/** Pools exact span matches over pairs of (gold, predicted) span lists. */
export function scoreSpans(pairs: Iterable<{ gold: readonly ScoredSpan[]; pred: readonly ScoredSpan[] }>): SpanScore {
  let tp = 0;
  let pred = 0;
  let gold = 0;
  for (const x of pairs) {
    const g = new Set(x.gold.map(key));
    gold += g.size;
    pred += x.pred.length;
    tp += x.pred.filter((s) => g.has(key(s))).length;
  }
  const p = tp / (pred || 1);
  const r = tp / (gold || 1);
  return { tp, pred, gold, p, r, f1: (2 * p * r) / (p + r || 1) };
}

/** "P 0.883 R 0.881 F1 0.882", and the same rounded for a model file. */
export const formatScore = (s: SpanScore): string => `P ${s.p.toFixed(3)} R ${s.r.toFixed(3)} F1 ${s.f1.toFixed(3)}`;
export const roundScore = (s: SpanScore) => ({ p: +s.p.toFixed(3), r: +s.r.toFixed(3), f1: +s.f1.toFixed(3) });
