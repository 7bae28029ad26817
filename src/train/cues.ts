// Trains the cue finder on PolNeAR train (../shared/data/polnear/train): every token inside an annotated
// Cue span is part of a cue. Writes models/cue-polnear.json.gz and prints dev figures (polnear/dev), never
// training ones. usage: npm run train:cues [-- --epochs 5]
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT, SHARED_DIR } from '../eval/gold-sets.js';
import { cueFeatures } from '../extract/claims/cue-tagger.js';
import { spans, tag } from '../extract/learned/tagger.js';
import { splitSentences } from '../extract/sentences.js';
import { tokenize } from '../extract/tokens.js';
import { type Sequence, trainPerceptron } from './perceptron.js';
import { readPolnear } from './polnear.js';
import { formatScore, roundScore, scoreSpans } from './span-score.js';

/** Sentences of every article in a split, tokens labelled B-CUE / I-CUE / O. */
export function readSplit(dir: string): Sequence[] {
  const out: Sequence[] = [];
  for (const a of readPolnear(dir)) {
    const cues = a.spans.filter((s) => s.role === 'Cue').flatMap((s) => s.ranges);
    for (const s of splitSentences(a.text)) {
      const toks = tokenize(s.text, s.start);
      const tags = toks.map((t) => (cues.some(([x, y]) => t.start < y && x < t.end) ? 'CUE' : 'O'));
      out.push({ words: toks.map((t) => t.text), tags: tags.map((t, i) => (t === 'O' ? 'O' : tags[i - 1] === 'CUE' ? 'I-CUE' : 'B-CUE')) });
    }
  }
  return out;
}

const epochs = Number(process.argv[process.argv.indexOf('--epochs') + 1]) || 5;
const base = join(SHARED_DIR, 'data', 'polnear');
const model = trainPerceptron(readSplit(join(base, 'train')), ['O', 'B-CUE', 'I-CUE'], cueFeatures, epochs);
const dev = scoreSpans(readSplit(join(base, 'dev')).map((s) => ({ gold: spans(s.tags), pred: spans(tag(model, s.words, cueFeatures)) })));
console.log(`dev (polnear/dev, exact cue spans): ${formatScore(dev)}; ${Object.keys(model.weights).length} features`);
const out = join(ROOT, 'models', 'cue-polnear.json.gz');
writeFileSync(out, gzipSync(JSON.stringify({ trainedOn: 'PolNeAR train (cue spans)', epochs, dev: roundScore(dev), ...model })));
console.log(`wrote ${out}`);
