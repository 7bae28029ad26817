// Training a greedy averaged perceptron over token sequences (the shared tagger, src/extract/learned/tagger.ts,
// decodes what this writes). Deterministic: a seeded shuffle, so the same data gives the same model.
import type { FeatureFn, TaggerModel } from '../extract/learned/tagger.js';

export interface Sequence {
  words: string[];
  tags: string[];
  /** This sequence's own features when they depend on more than its words (an attribution's cue position). */
  features?: FeatureFn;
}


export function trainPerceptron(data: Sequence[], tags: string[], featuresOf: FeatureFn, epochs: number, log = console.log): TaggerModel {
  const index = new Map(tags.map((t, i) => [t, i]));
  const w = new Map<string, Float64Array>();
  const total = new Map<string, Float64Array>();
  const stamp = new Map<string, Float64Array>();
  let clock = 0;
  const vec = (m: Map<string, Float64Array>, f: string) => {
    let v = m.get(f);
    if (!v) {
      v = new Float64Array(tags.length);
      m.set(f, v);
    }
    return v;
  };
  const update = (f: string, t: number, delta: number) => {
    const wv = vec(w, f);
    const tv = vec(total, f);
    const sv = vec(stamp, f);
    tv[t] = (tv[t] ?? 0) + (clock - (sv[t] ?? 0)) * (wv[t] ?? 0);
    sv[t] = clock;
    wv[t] = (wv[t] ?? 0) + delta;
  };
  const predict = (feats: string[], prev: string) => {
    const scores = new Array<number>(tags.length).fill(0);
    for (const f of feats) {
      const v = w.get(f);
      if (v) for (let k = 0; k < tags.length; k++) scores[k] = (scores[k] as number) + (v[k] as number);
    }
    let best = -1;
    for (let k = 0; k < tags.length; k++) {
      const t = tags[k] as string;
      if (t.startsWith('I-') && prev.slice(2) !== t.slice(2)) continue;
      if (best < 0 || (scores[k] as number) > (scores[best] as number)) best = k;
    }
    return best;
  };
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let epoch = 0; epoch < epochs; epoch++) {
    const order = data.map((_, i) => i).sort(() => random() - 0.5);
    let errors = 0;
    let n = 0;
    for (const si of order) {
      const s = data[si] as Sequence;
      const out: string[] = [];
      for (let i = 0; i < s.words.length; i++) {
        clock++;
        const prev = out[i - 1] ?? '<s>';
        const feats = (s.features ?? featuresOf)(s.words, i, prev, out[i - 2] ?? '<s>');
        const guess = predict(feats, prev);
        const truth = index.get(s.tags[i] as string) ?? 0;
        if (guess !== truth) {
          errors++;
          for (const f of feats) {
            update(f, truth, 1);
            update(f, guess, -1);
          }
        }
        n++;
        // the history is the gold tags half of the time and our own the other half, so decoding errors are seen
        out.push(random() < 0.5 ? (s.tags[i] as string) : (tags[guess] as string));
      }
    }
    log(`epoch ${epoch + 1}: training token error ${((100 * errors) / n).toFixed(2)}%`);
  }
  // average, prune the small weights, keep three decimals
  const model: TaggerModel = { tags, weights: {} };
  for (const [f, wv] of w) {
    const tv = vec(total, f);
    const sv = vec(stamp, f);
    const flat: number[] = [];
    for (let k = 0; k < tags.length; k++) {
      const avg = ((tv[k] ?? 0) + (clock - (sv[k] ?? 0)) * (wv[k] ?? 0)) / clock;
      if (Math.abs(avg) >= 0.05) flat.push(k, Math.round(avg * 1000) / 1000);
    }
    if (flat.length) model.weights[f] = flat;
  }
  return model;
}
