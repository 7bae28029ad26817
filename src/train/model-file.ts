// What every trainer writes to models/NAME.json.gz: the model's fields as JSON, its weights (if any) in the
// stored form that src/extract/models.ts reads fast (src/extract/learned/weights-file.ts).
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { storeWeights } from '../extract/learned/weights-file.js';

export function writeModelFile<T extends { weights?: Record<string, number[]> }>(path: string, model: T): void {
  const { weights, ...rest } = model;
  writeFileSync(path, gzipSync(JSON.stringify(weights ? { ...rest, packedWeights: storeWeights(weights) } : rest), { level: 9 }));
}
