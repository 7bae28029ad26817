// Trains the cue finder on PolNeAR train (../shared/data/polnear/train): every token inside an annotated
// Cue span is part of a cue. Writes models/cue-polnear.json.gz and prints dev figures (polnear/dev), never
// training ones. usage: npm run train:cues [-- --epochs 5]
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT, SHARED_DIR } from '../eval/gold-sets.js';
import { cueFeatures } from '../extract/claims/cue-tagger.js';
import { spans, tag } from '../extract/entities/tagger.js';
import { splitSentences } from '../extract/sentences.js';
import { tokenize } from '../extract/tokens.js';
import { type Sequence, trainPerceptron } from './perceptron.js';

/** Code point offsets (brat) → UTF-16 offsets (JavaScript). */
function cpToUtf16(text: string): (i: number) => number {
  const map: number[] = [];
  let u = 0;
  for (const ch of text) {
    map.push(u);
    u += ch.length;
  }
  map.push(u);
  return (i) => map[i] ?? u;
}

/** Sentences of every article in a split, tokens labelled B-CUE / I-CUE / O. */
export function readSplit(dir: string): Sequence[] {
  const anns = readdirSync(join(dir, 'attributions')).filter((f) => f.endsWith('.ann')).sort();
  const out: Sequence[] = [];
  for (const f of readdirSync(join(dir, 'text')).filter((x) => x.endsWith('.txt')).sort()) {
    const id = f.replace(/\.txt$/, '');
    const ann = anns.find((a) => a.startsWith(`${id}_`));
    if (!ann) continue;
    const text = readFileSync(join(dir, 'text', f), 'utf8');
    const conv = cpToUtf16(text);
    const cues: [number, number][] = [];
    for (const line of readFileSync(join(dir, 'attributions', ann), 'utf8').split('\n')) {
      const [tid, mid] = line.split('\t');
      if (!tid?.startsWith('T') || !mid?.startsWith('Cue ')) continue;
      for (const r of mid.slice(4).split(';')) {
        const [a, b] = r.trim().split(' ').map(Number);
        if (a !== undefined && b !== undefined) cues.push([conv(a), conv(b)]);
      }
    }
    for (const s of splitSentences(text)) {
      const toks = tokenize(s.text, s.start);
      const tags = toks.map((t) => (cues.some(([a, b]) => t.start < b && a < t.end) ? 'CUE' : 'O'));
      out.push({ words: toks.map((t) => t.text), tags: tags.map((t, i) => (t === 'O' ? 'O' : tags[i - 1] === 'CUE' ? 'I-CUE' : 'B-CUE')) });
    }
  }
  return out;
}

const epochs = Number(process.argv[process.argv.indexOf('--epochs') + 1]) || 5;
const base = join(SHARED_DIR, 'data', 'polnear');
const model = trainPerceptron(readSplit(join(base, 'train')), ['O', 'B-CUE', 'I-CUE'], cueFeatures, epochs);
let tp = 0;
let pred = 0;
let gold = 0;
for (const s of readSplit(join(base, 'dev'))) {
  const key = (x: { start: number; end: number }) => `${x.start}:${x.end}`;
  const g = new Set(spans(s.tags).map(key));
  const p = spans(tag(model, s.words, cueFeatures)).map(key);
  gold += g.size;
  pred += p.length;
  tp += p.filter((k) => g.has(k)).length;
}
const P = tp / (pred || 1);
const R = tp / (gold || 1);
const F = (2 * P * R) / (P + R || 1);
console.log(`dev (polnear/dev, exact cue spans): P ${P.toFixed(3)} R ${R.toFixed(3)} F1 ${F.toFixed(3)}; ${Object.keys(model.weights).length} features`);
const out = join(ROOT, 'models', 'cue-polnear.json.gz');
writeFileSync(out, gzipSync(JSON.stringify({ trainedOn: 'PolNeAR train (cue spans)', epochs, dev: { p: +P.toFixed(3), r: +R.toFixed(3), f1: +F.toFixed(3) }, ...model })));
console.log(`wrote ${out}`);
