// Trains the name tagger on CoNLL-2003 train (../shared/data/conll2003-train/eng.train) and writes
// models/ner-conll2003.json.gz. Prints the figures on the dev split (eng.testa), never on the training data.
// usage: npm run train:ner [-- --epochs 6]
import { join } from 'node:path';
import { ROOT, SHARED_DIR } from '../eval/gold-sets.js';
import { writeModelFile } from './model-file.js';
import { features, nameSpans, tagNames } from '../extract/entities/tagger.js';
import type { TaggerModel } from '../extract/learned/tagger.js';
import { type ConllSentence as Sentence, readConll } from './conll.js';
import { trainPerceptron } from './perceptron.js';
import { formatScore, roundScore, type SpanScore, scoreSpans } from './span-score.js';

function train(data: Sentence[], epochs: number): TaggerModel {
  const tags = ['O', ...['PER', 'ORG', 'LOC', 'MISC'].flatMap((t) => [`B-${t}`, `I-${t}`])];
  return trainPerceptron(data, tags, features, epochs);
}

function evaluate(model: TaggerModel, data: Sentence[]): SpanScore {
  return scoreSpans(data.map((s) => ({ gold: nameSpans(s.tags), pred: nameSpans(tagNames(model, s.words)) })));
}

const epochs = Number(process.argv[process.argv.indexOf('--epochs') + 1]) || 6;
const trainFile = join(SHARED_DIR, 'data', 'conll2003-train', 'eng.train');
const devFile = join(SHARED_DIR, 'data', 'conll2003-dev', 'eng.testa');
const model = train(readConll(trainFile), epochs);
const dev = evaluate(model, readConll(devFile));
console.log(`dev (eng.testa, CoNLL tokens, all four types): ${formatScore(dev)}; ${Object.keys(model.weights).length} features`);
const out = join(ROOT, 'models', 'ner-conll2003.json.gz');
writeModelFile(out, { trainedOn: 'CoNLL-2003 English train (eng.train)', epochs, dev: roundScore(dev), ...model });
console.log(`wrote ${out}`);
