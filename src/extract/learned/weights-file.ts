// How models/NAME.json.gz holds a model's weights: the feature names as one newline-joined string and the
// packed arrays as base64. Reading a model is then a split and three copies instead of a parse of some
// 600,000 object keys and a repacking (about 2 s per process or worker thread before). Same numbers, bit
// for bit, in the same order.
import { type PackedWeights, packWeightsOf } from './tagger.js';

export interface StoredWeights {
  /** Feature names in weight order, joined by "\n". */
  features: string;
  /** base64 of PackedWeights' start (Int32), label (Uint8) and weight (Float64) arrays, little-endian. */
  start: string;
  label: string;
  weight: string;
}

const base64 = (a: ArrayBufferView): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

/** The stored form of trained weights (feature → [label, weight, label, weight, …]). */
export function storeWeights(weights: Record<string, number[]>): StoredWeights {
  const packed = packWeightsOf(weights);
  const names = [...packed.index.keys()];
  const bad = names.find((f) => f.includes('\n'));
  if (bad !== undefined) throw new Error(`a feature name holds a newline: ${JSON.stringify(bad)}`);
  const labelOutOfRange = Object.values(weights).some((ws) => ws.some((x, k) => k % 2 === 0 && (x < 0 || x > 255)));
  if (labelOutOfRange) throw new Error('a label index outside 0–255 (stored as one byte)');
  return { features: names.join('\n'), start: base64(packed.start), label: base64(packed.label), weight: base64(packed.weight) };
}

/** A fresh, aligned copy of base64 bytes (a typed array over Buffer's pool may be misaligned). */
const bytes = (b64: string): ArrayBuffer => {
  const b = Buffer.from(b64, 'base64');
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
};

/** Stored weights as scoring reads them. */
export function readStoredWeights(stored: StoredWeights): PackedWeights {
  const names = stored.features ? stored.features.split('\n') : [];
  const index = new Map<string, number>();
  for (let j = 0; j < names.length; j++) index.set(names[j] as string, j);
  const packed: PackedWeights = { index, start: new Int32Array(bytes(stored.start)), label: new Uint8Array(bytes(stored.label)), weight: new Float64Array(bytes(stored.weight)) };
  if (packed.start.length !== names.length + 1 || packed.label.length !== packed.weight.length || packed.start[names.length] !== packed.weight.length) {
    throw new Error('stored weights do not agree with their feature names');
  }
  return packed;
}
