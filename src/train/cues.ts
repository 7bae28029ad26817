// Trains the cue finder on PolNeAR train (../shared/data/polnear/train): every token inside an annotated
// Cue span is part of a cue. Writes models/cue-polnear.json.gz and prints dev figures (polnear/dev), never
// training ones. The model carries the words it opens a cue on when run over train and dev (`starts`), which
// lets extraction skip scoring every other word (src/extract/claims/cue-tagger.ts).
// usage: npm run train:cues [-- --epochs 8] [--out FILE] [--starts-only: add `starts` to the committed model]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { readModelFile } from '../extract/models.js';
import { ROOT, SHARED_DIR } from '../eval/gold-sets.js';
import { writeModelFile } from './model-file.js';
import { cueFeatures } from '../extract/claims/cue-tagger.js';
import { spans, type TaggerModel, tag } from '../extract/learned/tagger.js';
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

/** The words a model opens a cue on (B-CUE) over some sentences, sorted: what it is run on is decoded in full. */
export function cueStarts(model: TaggerModel, data: Sequence[]): string[] {
  const out = new Set<string>();
  for (const s of data) {
    const tags = tag(model, s.words, cueFeatures);
    tags.forEach((t, i) => {
      if (t === 'B-CUE') out.add((s.words[i] as string).toLowerCase());
    });
  }
  return [...out].sort();
}

if (process.argv[1]?.endsWith('cues.js')) {
  const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
  const epochs = Number(arg('--epochs')) || CUE_EPOCHS;
  const base = join(SHARED_DIR, 'data', 'polnear');
  const out = arg('--out') ?? join(ROOT, 'models', 'cue-polnear.json.gz');
  const train = readSplit(join(base, 'train'));
  const devData = readSplit(join(base, 'dev'));
  if (process.argv.includes('--starts-only')) {
    // the file's other fields as they are (weights stored); the model read to decode
    const { starts: _, ...stored } = JSON.parse(gunzipSync(readFileSync(out)).toString('utf8')) as { starts?: string[] };
    const starts = cueStarts(readModelFile<TaggerModel>(out), [...train, ...devData]);
    writeFileSync(out, gzipSync(JSON.stringify({ ...stored, starts }), { level: 9 }));
    console.log(`${starts.length} words open a cue; wrote ${out}`);
  } else {
    const model = trainPerceptron(train, CUE_TAGS, cueFeatures, epochs);
    const dev = scoreSpans(devData.map((s) => ({ gold: spans(s.tags), pred: spans(tag(model, s.words, cueFeatures)) })));
    console.log(`dev (polnear/dev, exact cue spans): ${formatScore(dev)}; ${Object.keys(model.weights).length} features`);
    const starts = cueStarts(model, [...train, ...devData]);
    writeModelFile(out, { trainedOn: 'PolNeAR train (cue spans)', epochs, dev: roundScore(dev), ...model, starts });
    console.log(`wrote ${out}`);
  }
}
