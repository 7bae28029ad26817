// The committed name-tagger weights (models/ner-conll2003.json.gz, from src/train/ner.ts), read once.
// Data shipped with the code, like compromise's lexicon: extraction stays deterministic.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { TaggerModel } from './tagger.js';

// src/extract/entities and dist/extract/entities are both three levels below the root
const MODEL_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'models', 'ner-conll2003.json.gz');

let model: TaggerModel | null = null;

export function nerModel(): TaggerModel {
  model ??= JSON.parse(gunzipSync(readFileSync(MODEL_FILE)).toString('utf8')) as TaggerModel;
  return model;
}
