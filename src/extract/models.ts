// The committed model weights (models/NAME.json.gz and NAME.weights, written by src/train/), each read once.
// Data shipped with the code, like compromise's lexicon: extraction stays deterministic.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { ClassifierModel } from './learned/classifier.js';
import { packWeights, type TaggerModel, usePackedWeights } from './learned/tagger.js';
import { readStoredWeights, type WeightsLayout } from './learned/weights-file.js';

// src/extract and dist/extract are both two levels below the root
const MODELS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'models');
const loaded = new Map<string, unknown>();

/** Where a model's weights are, beside its JSON (./learned/weights-file.ts). */
export const weightsPath = (jsonPath: string): string => jsonPath.replace(/\.json\.gz$/, '') + '.weights';

/** A model file, its weights (if it has any) packed for scoring: stored in their own file (`weightsFile` gives
 * their layout), they are read as they are and `weights` is left empty; a file of plain weights is packed here. */
export function readModelFile<T>(path: string): T {
  const model = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as { weightsFile?: WeightsLayout; weights?: Record<string, number[]> };
  if (model.weightsFile) {
    const packed = readStoredWeights(model.weightsFile, readFileSync(weightsPath(path)));
    delete model.weightsFile;
    model.weights = {};
    usePackedWeights(model, packed);
  } else if (model.weights) packWeights(model as { weights: Record<string, number[]> });
  return model as T;
}

/** A model's id: the first 12 hex digits of the SHA-256 of its JSON file and then its weights file (if any). */
export function modelFileId(jsonPath: string): string {
  const hash = createHash('sha256').update(readFileSync(jsonPath));
  if (existsSync(weightsPath(jsonPath))) hash.update(readFileSync(weightsPath(jsonPath)));
  return hash.digest('hex').slice(0, 12);
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

/** A committed data file that is no weights (models/claim-calibration.json.gz), read once. */
export const modelData = <T>(name: string): T => load<T>(name);

/** Every model the manifest names, read (and weights packed) now: a worker loads them before its first
 * document, so that document's time limit measures its own work. */
export function preloadModels(): void {
  for (const name of Object.keys(modelManifest().models)) load(name);
}

/** A sequence tagger's weights (src/extract/learned/tagger.ts decodes them). */
export const taggerModel = (name: string): TaggerModel => load<TaggerModel>(name);

/** A classifier's weights and temperature (src/extract/learned/classifier.ts). */
export const classifierModel = (name: string): ClassifierModel => load<ClassifierModel>(name);

export interface ModelManifest {
  /** The extractor version these models belong to: a new model means a new version. */
  extractorVersion: string;
  /** Each model's id (modelFileId). */
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
