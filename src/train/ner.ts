// Trains the name tagger on CoNLL-2003 train (../shared/data/conll2003-train/eng.train) and writes
// models/ner-conll2003.json.gz. Prints the figures on the dev split (eng.testa), never on the training data.
// usage: npm run train:ner [-- --epochs 6]
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT, SHARED_DIR } from '../eval/gold-sets.js';
import { features, spans, type TaggerModel, tag } from '../extract/entities/tagger.js';
import { type ConllSentence as Sentence, readConll } from './conll.js';

function train(data: Sentence[], epochs: number): TaggerModel {
  const tags = ['O', ...['PER', 'ORG', 'LOC', 'MISC'].flatMap((t) => [`B-${t}`, `I-${t}`])];
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
  const live: TaggerModel = { tags, weights: {} };
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
      const s = data[si] as Sentence;
      const out: string[] = [];
      for (let i = 0; i < s.words.length; i++) {
        clock++;
        const prev = out[i - 1] ?? '<s>';
        // train on the gold history half of the time and on our own the other half, so decoding errors are seen
        const feats = features(s.words, i, prev, out[i - 2] ?? '<s>');
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
        out.push(random() < 0.5 ? (s.tags[i] as string) : (tags[guess] as string));
      }
    }
    console.log(`epoch ${epoch + 1}: training token error ${((100 * errors) / n).toFixed(2)}%`);
  }
  // average, prune the small weights, and keep three decimals
  for (const [f, wv] of w) {
    const tv = vec(total, f);
    const sv = vec(stamp, f);
    const flat: number[] = [];
    for (let k = 0; k < tags.length; k++) {
      const avg = ((tv[k] ?? 0) + (clock - (sv[k] ?? 0)) * (wv[k] ?? 0)) / clock;
      if (Math.abs(avg) >= 0.05) flat.push(k, Math.round(avg * 1000) / 1000);
    }
    if (flat.length) live.weights[f] = flat;
  }
  return live;
}

function evaluate(model: TaggerModel, data: Sentence[]): { p: number; r: number; f1: number } {
  let tp = 0;
  let pred = 0;
  let gold = 0;
  for (const s of data) {
    const key = (x: { start: number; end: number; type: string }) => `${x.start}:${x.end}:${x.type}`;
    const g = new Set(spans(s.tags).map(key));
    const p = spans(tag(model, s.words)).map(key);
    gold += g.size;
    pred += p.length;
    tp += p.filter((k) => g.has(k)).length;
  }
  const P = tp / (pred || 1);
  const R = tp / (gold || 1);
  return { p: P, r: R, f1: (2 * P * R) / (P + R || 1) };
}

const epochs = Number(process.argv[process.argv.indexOf('--epochs') + 1]) || 6;
const trainFile = join(SHARED_DIR, 'data', 'conll2003-train', 'eng.train');
const devFile = join(SHARED_DIR, 'data', 'conll2003-dev', 'eng.testa');
const model = train(readConll(trainFile), epochs);
const dev = evaluate(model, readConll(devFile));
console.log(`dev (eng.testa, CoNLL tokens, all four types): P ${dev.p.toFixed(3)} R ${dev.r.toFixed(3)} F1 ${dev.f1.toFixed(3)}; ${Object.keys(model.weights).length} features`);
const out = join(ROOT, 'models', 'ner-conll2003.json.gz');
writeFileSync(out, gzipSync(JSON.stringify({ trainedOn: 'CoNLL-2003 English train (eng.train)', epochs, dev: { p: +dev.p.toFixed(3), r: +dev.r.toFixed(3), f1: +dev.f1.toFixed(3) }, ...model })));
console.log(`wrote ${out}`);
