// Training the shared linear classifier (src/extract/learned/classifier.ts decodes what this writes):
// multinomial logistic regression over sparse string features, by AdaGrad SGD with L2, then a softmax
// temperature fitted on held-out examples so the probabilities mean what they say. Deterministic: a seeded
// shuffle, so the same data gives the same model.
import { type ClassifierModel, softmax } from '../extract/learned/classifier.js';

export interface Example {
  feats: string[];
  label: string;
  /** How much the example counts (1 unless said). */
  weight?: number;
}

export interface TrainOptions {
  epochs: number;
  /** AdaGrad's base step. */
  rate?: number;
  /** L2 penalty per example seen. */
  l2?: number;
  seed?: number;
  /** Weights below this (in absolute value) are dropped from the file. */
  prune?: number;
  log?: (line: string) => void;
}

/** A seeded linear congruential generator, the same one the tagger's trainer uses. */
export function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

export function trainClassifier(data: Example[], labels: string[], opts: TrainOptions): ClassifierModel {
  const K = labels.length;
  const index = new Map(labels.map((l, i) => [l, i]));
  const rate = opts.rate ?? 0.2;
  const l2 = opts.l2 ?? 1e-6;
  const log = opts.log ?? console.log;
  const w = new Map<string, Float64Array>();
  const g2 = new Map<string, Float64Array>();
  const vec = (m: Map<string, Float64Array>, f: string) => {
    let v = m.get(f);
    if (!v) {
      v = new Float64Array(K);
      m.set(f, v);
    }
    return v;
  };
  const random = seeded(opts.seed ?? 7);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    const order = data.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    let loss = 0;
    let errors = 0;
    for (const i of order) {
      const ex = data[i] as Example;
      const y = index.get(ex.label) ?? 0;
      const scores = new Array<number>(K).fill(0);
      for (const f of ex.feats) {
        const v = w.get(f);
        if (v) for (let k = 0; k < K; k++) scores[k] = (scores[k] as number) + (v[k] as number);
      }
      const p = softmax(scores);
      loss -= Math.log(Math.max(1e-12, p[y] as number)) * (ex.weight ?? 1);
      if (p.indexOf(Math.max(...p)) !== y) errors++;
      for (const f of ex.feats) {
        const wv = vec(w, f);
        const gv = vec(g2, f);
        for (let k = 0; k < K; k++) {
          const g = ((p[k] as number) - (k === y ? 1 : 0)) * (ex.weight ?? 1) + l2 * (wv[k] as number);
          gv[k] = (gv[k] as number) + g * g;
          wv[k] = (wv[k] as number) - (rate * g) / Math.sqrt((gv[k] as number) + 1e-8);
        }
      }
    }
    log(`epoch ${epoch + 1}: training loss ${(loss / data.length).toFixed(4)}, error ${((100 * errors) / data.length).toFixed(2)}%`);
  }
  const prune = opts.prune ?? 0.01;
  const model: ClassifierModel = { labels, weights: {} };
  for (const [f, wv] of w) {
    const flat: number[] = [];
    for (let k = 0; k < K; k++) if (Math.abs(wv[k] as number) >= prune) flat.push(k, Math.round((wv[k] as number) * 1000) / 1000);
    if (flat.length) model.weights[f] = flat;
  }
  return model;
}

/** The temperature (a grid from 0.25 to 4) under which held-out examples are most probable. */
export function fitTemperature(model: ClassifierModel, held: Example[], scoresOf: (feats: string[]) => number[]): number {
  const index = new Map(model.labels.map((l, i) => [l, i]));
  const scored = held.map((ex) => ({ s: scoresOf(ex.feats), y: index.get(ex.label) ?? 0 }));
  let best = 1;
  let bestNll = Infinity;
  for (let t = 0.25; t <= 4.0001; t += 0.05) {
    let nll = 0;
    for (const { s, y } of scored) nll -= Math.log(Math.max(1e-12, softmax(s, t)[y] as number));
    if (nll < bestNll) {
      bestNll = nll;
      best = Math.round(t * 100) / 100;
    }
  }
  return best;
}

/** A reliability table: predictions grouped by their probability, with how often they were right. */
export function reliability(pairs: { p: number; right: boolean }[], edges = [0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001]): { from: number; to: number; n: number; meanP: number; accuracy: number }[] {
  const out = [];
  for (let k = 0; k + 1 < edges.length; k++) {
    const lo = edges[k] as number;
    const hi = edges[k + 1] as number;
    const xs = pairs.filter((x) => x.p >= lo && x.p < hi);
    if (!xs.length) continue;
    out.push({
      from: lo,
      to: Math.min(1, hi),
      n: xs.length,
      meanP: +(xs.reduce((a, x) => a + x.p, 0) / xs.length).toFixed(3),
      accuracy: +(xs.filter((x) => x.right).length / xs.length).toFixed(3),
    });
  }
  return out;
}
