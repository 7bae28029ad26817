// What every trainer writes: models/NAME.json.gz, the model's fields as JSON, and its weights (if any) in
// models/NAME.weights, the stored form that src/extract/models.ts reads fast (src/extract/learned/weights-file.ts).
import { rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { storeWeights } from '../extract/learned/weights-file.js';
import { weightsPath } from '../extract/models.js';

export function writeModelFile<T extends object>(path: string, model: T & { weights?: Record<string, number[]> }): void {
  const { weights, ...rest } = model;
  if (!weights) {
    rmSync(weightsPath(path), { force: true });
    writeFileSync(path, gzipSync(JSON.stringify(rest), { level: 9 }));
    return;
  }
  const { layout, bytes } = storeWeights(weights);
  writeFileSync(weightsPath(path), bytes);
  writeFileSync(path, gzipSync(JSON.stringify({ ...rest, weightsFile: layout }), { level: 9 }));
}
