// Which of an article's claims are right by PolNeAR's gold, matched as ../shared/tools/score_polnear.mjs
// matches them at 0.3: each gold attribution takes the unused claim covering the largest share of its
// content (at least 0.3), one to one; the claim is right when its speaker overlaps the gold source (or both
// have none). What calibration fits confidence to, and what the reliability table counts.
import type { Claim } from '../record.js';
import type { Attribution } from '../train/polnear.js';

const THRESHOLD = 0.3;

const overlap = (ranges: [number, number][], s: number, e: number) => ranges.reduce((n, [a, b]) => n + Math.max(0, Math.min(b, e) - Math.max(a, s)), 0);
const length = (ranges: [number, number][]) => ranges.reduce((n, [a, b]) => n + b - a, 0);

/** Per claim, in order: whether a gold attribution matches it with the right speaker. */
export function attributedRight(gold: readonly Attribution[], claims: readonly Claim[]): boolean[] {
  const right = claims.map(() => false);
  const used = new Set<number>();
  for (const g of gold) {
    if (!g.content) continue;
    const content = g.content.ranges;
    const total = length(content) || 1;
    let best = -1;
    let share = 0;
    claims.forEach((c, k) => {
      if (used.has(k)) return;
      const s = overlap(content, c.content.start, c.content.end) / total;
      if (s > share) {
        share = s;
        best = k;
      }
    });
    if (best < 0 || share < THRESHOLD) continue;
    used.add(best);
    const sp = (claims[best] as Claim).speaker;
    right[best] = g.source ? !!sp && overlap(g.source.ranges, sp.start, sp.end) > 0 : !sp;
  }
  return right;
}

export interface ReliabilityBin {
  /** Confidence range [from, to). */
  from: number;
  to: number;
  claims: number;
  /** Mean confidence of the claims in the bin. */
  confidence: number;
  /** Share of them that are right. */
  right: number;
}

/** Claims by confidence in bins of `width`, with the share right in each: a calibrated model's diagonal. */
export function reliabilityBins(items: readonly { confidence: number; right: boolean }[], width = 0.2): ReliabilityBin[] {
  const n = Math.round(1 / width);
  const bins = Array.from({ length: n }, (_, i) => ({ from: +(i * width).toFixed(2), to: +((i + 1) * width).toFixed(2), claims: 0, sum: 0, right: 0 }));
  for (const it of items) {
    const b = bins[Math.min(n - 1, Math.floor(it.confidence / width))] as (typeof bins)[number];
    b.claims++;
    b.sum += it.confidence;
    if (it.right) b.right++;
  }
  return bins.map((b) => ({ from: b.from, to: b.to, claims: b.claims, confidence: b.claims ? +(b.sum / b.claims).toFixed(3) : 0, right: b.claims ? +(b.right / b.claims).toFixed(3) : 0 }));
}

/** Expected calibration error: the claim-weighted mean gap between confidence and the share right. */
export const calibrationError = (bins: readonly ReliabilityBin[]): number => {
  const total = bins.reduce((a, b) => a + b.claims, 0) || 1;
  return +(bins.reduce((a, b) => a + b.claims * Math.abs(b.confidence - b.right), 0) / total).toFixed(3);
};
