// The committed model weights (models/*.json.gz, written by src/train/), each read once. Data shipped with
// the code, like compromise's lexicon: extraction stays deterministic.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { ClassifierModel } from './learned/classifier.js';
import { packWeights, type TaggerModel, usePackedWeights } from './learned/tagger.js';
import { readStoredWeights, type StoredWeights } from './learned/weights-file.js';

// src/extract and dist/extract are both two levels below the root
const MODELS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'models');
const loaded = new Map<string, unknown>();

/** A model file: its weights, when it has any, come stored (./learned/weights-file.ts) and are read packed;
 * `weights` is then left empty, since scoring reads the packed form. */
export function readModelFile<T>(path: string): T {
  const model = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as { packedWeights?: StoredWeights; weights?: unknown };
  if (model.packedWeights) {
    const packed = readStoredWeights(model.packedWeights);
    delete model.packedWeights;
    model.weights = {};
    usePackedWeights(model, packed);
  }
  return model as T;
}

/** A committed model file (models/NAME.json.gz), read once. */
function load<T>(name: string): T {
  let model = loaded.get(name);
  if (!model) {
    model = readModelFile<T>(join(MODELS_DIR, `${name}.json.gz`));
    loaded.set(name, model);
  }
  return model as T;
}

/** A model's weights packed for scoring once, when first asked for: a committed model never changes. */
function packed<T extends { weights: Record<string, number[]> }>(name: string): T {
  const model = load<T>(name);
  packWeights(model);
  return model;
}

/** A committed data file that is no weights (models/claim-calibration.json.gz), read once. */
export const modelData = <T>(name: string): T => load<T>(name);

/** Every model the manifest names, read (and weights packed) now: a worker loads them before its first
 * document, so that document's time limit measures its own work. */
export function preloadModels(): void {
  for (const name of Object.keys(modelManifest().models)) {
    const model = load<{ weights?: Record<string, number[]> }>(name);
    if (model.weights) packWeights(model as { weights: Record<string, number[]> });
  }
}

/** A sequence tagger's weights (src/extract/learned/tagger.ts decodes them). */
export const taggerModel = (name: string): TaggerModel => packed<TaggerModel>(name);

/** A classifier's weights and temperature (src/extract/learned/classifier.ts). */
export const classifierModel = (name: string): ClassifierModel => packed<ClassifierModel>(name);

export interface ModelManifest {
  /** The extractor version these models belong to: a new model means a new version. */
  extractorVersion: string;
  /** Each model's id: the first 12 hex digits of the SHA-256 of its file. */
  models: Record<string, string>;
}

let manifest: ModelManifest | undefined;

/** models/manifest.json: which model files the running extractor was released with (a test keeps it true). */
export function modelManifest(): ModelManifest {
  manifest ??= JSON.parse(readFileSync(join(MODELS_DIR, 'manifest.json'), 'utf8')) as ModelManifest;
  return manifest;
}

/** The ids of the models every record is made with. */
export const modelIds = (): Record<string, string> => ({ ...modelManifest().models });

export const MODELS_PATH = MODELS_DIR;
