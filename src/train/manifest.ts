// Rewrites models/manifest.json from the model files on disk: each model's id is the first 12 hex digits of
// the SHA-256 of its files (modelFileId), under the running extractor version. Run after any trainer writes a
// model (and bump the version: records made with other models are other records). usage: npm run models:manifest
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODELS_PATH, modelFileId } from '../extract/models.js';
import { EXTRACTOR } from '../version.js';

const models = Object.fromEntries(
  readdirSync(MODELS_PATH)
    .filter((f) => f.endsWith('.json.gz'))
    .sort()
    .map((f) => [f.replace(/\.json\.gz$/, ''), modelFileId(join(MODELS_PATH, f))]),
);
const out = join(MODELS_PATH, 'manifest.json');
writeFileSync(out, `${JSON.stringify({ extractorVersion: EXTRACTOR.version, models }, null, 2)}\n`);
console.log(`wrote ${out}: ${Object.entries(models).map(([k, v]) => `${k} ${v}`).join(', ')}`);
