// Trains the cue finder on PolNeAR train (../shared/data/polnear/train): every token inside an annotated
// Cue span is part of a cue. Writes models/cue-polnear.json.gz and prints dev figures (polnear/dev), never
// training ones. The model carries the words it opens a cue on when run over train and dev (`starts`), which
// lets extraction skip scoring every other word (src/extract/claims/cue-tagger.ts).
// usage: npm run train:cues [-- --epochs 8] [--out FILE] [--starts-only: add `starts` to the committed model]
//   [--min-start-rate 0.001]
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

/** Of the words a model opens a cue on, the share of a word's uses below which it is not worth scoring: "the",
 * "of" and "and" open a cue a few times in tens of thousands, and scoring every such word was half the tokens. */
export const MIN_START_RATE = 0.001;

/** The words a model opens a cue on (B-CUE) over some sentences, at least MIN_START_RATE of their uses, sorted:
 * what it is run on is decoded in full. */
export function cueStarts(model: TaggerModel, data: Sequence[], minRate = MIN_START_RATE): string[] {
  const opens = new Map<string, number>();
  const uses = new Map<string, number>();
  for (const s of data) {
    const tags = tag(model, s.words, cueFeatures);
    tags.forEach((t, i) => {
      const w = (s.words[i] as string).toLowerCase();
      uses.set(w, (uses.get(w) ?? 0) + 1);
      if (t === 'B-CUE') opens.set(w, (opens.get(w) ?? 0) + 1);
    });
  }
  return [...opens].filter(([w, n]) => n >= minRate * (uses.get(w) as number)).map(([w]) => w).sort();
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
    const starts = cueStarts(readModelFile<TaggerModel>(out), [...train, ...devData], Number(arg('--min-start-rate') ?? MIN_START_RATE));
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
