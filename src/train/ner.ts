// Trains the name tagger on CoNLL-2003 train (../shared/data/conll2003-train/eng.train) and writes
// models/ner-conll2003.json.gz. Prints the figures on the dev split (eng.testa), never on the training data.
// usage: npm run train:ner [-- --epochs 6]
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT, SHARED_DIR } from '../eval/gold-sets.js';
import { features, spans, type TaggerModel, tag } from '../extract/entities/tagger.js';
import { type ConllSentence as Sentence, readConll } from './conll.js';
import { trainPerceptron } from './perceptron.js';

function train(data: Sentence[], epochs: number): TaggerModel {
  const tags = ['O', ...['PER', 'ORG', 'LOC', 'MISC'].flatMap((t) => [`B-${t}`, `I-${t}`])];
  return trainPerceptron(data, tags, features, epochs);
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
