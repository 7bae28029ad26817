// Trains the cue finder on PolNeAR train (../shared/data/polnear/train): every token inside an annotated
// Cue span is part of a cue. Writes models/cue-polnear.json.gz and prints dev figures (polnear/dev), never
// training ones. usage: npm run train:cues [-- --epochs 8] [--out FILE]
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT, SHARED_DIR } from '../eval/gold-sets.js';
import { cueFeatures } from '../extract/claims/cue-tagger.js';
import { spans, tag } from '../extract/learned/tagger.js';
import { splitSentences } from '../extract/sentences.js';
import { tokenize } from '../extract/tokens.js';
import { type Sequence, trainPerceptron } from './perceptron.js';
import { type PolnearArticle, readPolnear } from './polnear.js';
import { formatScore, roundScore, scoreSpans } from './span-score.js';

export const CUE_TAGS = ['O', 'B-CUE', 'I-CUE'];
export const CUE_EPOCHS = 8;

/** The sentences of an article, tokens labelled B-CUE / I-CUE / O. */
export function cueSequences(a: PolnearArticle): Sequence[] {
  const out: Sequence[] = [];
  const cues = a.spans.filter((s) => s.role === 'Cue').flatMap((s) => s.ranges);
  for (const s of splitSentences(a.text)) {
    const toks = tokenize(s.text, s.start);
    const tags = toks.map((t) => (cues.some(([x, y]) => t.start < y && x < t.end) ? 'CUE' : 'O'));
    out.push({ words: toks.map((t) => t.text), tags: tags.map((t, i) => (t === 'O' ? 'O' : tags[i - 1] === 'CUE' ? 'I-CUE' : 'B-CUE')) });
  }
  return out;
}

/** Sentences of every article in a split, tokens labelled B-CUE / I-CUE / O. */
export const readSplit = (dir: string): Sequence[] => readPolnear(dir).flatMap(cueSequences);

if (process.argv[1]?.endsWith('cues.js')) {
  const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
  const epochs = Number(arg('--epochs')) || CUE_EPOCHS;
  const base = join(SHARED_DIR, 'data', 'polnear');
  const model = trainPerceptron(readSplit(join(base, 'train')), CUE_TAGS, cueFeatures, epochs);
  const dev = scoreSpans(readSplit(join(base, 'dev')).map((s) => ({ gold: spans(s.tags), pred: spans(tag(model, s.words, cueFeatures)) })));
  console.log(`dev (polnear/dev, exact cue spans): ${formatScore(dev)}; ${Object.keys(model.weights).length} features`);
  const out = arg('--out') ?? join(ROOT, 'models', 'cue-polnear.json.gz');
  writeFileSync(out, gzipSync(JSON.stringify({ trainedOn: 'PolNeAR train (cue spans)', epochs, dev: roundScore(dev), ...model })));
  console.log(`wrote ${out}`);
}
