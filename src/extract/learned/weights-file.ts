// How a model's weights are stored: beside models/NAME.json.gz (the model's other fields) the file
// models/NAME.weights holds the packed arrays raw, little-endian, each section 8-byte aligned: the weights
// (Float64), each feature's first entry (Int32, one more than the features), the labels (Uint8), then the feature
// names, newline-joined UTF-8. Reading is one file read, typed-array views with no copy and one split: a worker
// thread reads every model in about 0.2 s (1.2 s for gzip'd base64 in JSON, 2 s for JSON objects before that).
// Same numbers, bit for bit, in the same order.
import { endianness } from 'node:os';
import { type PackedWeights, packWeightsOf } from './tagger.js';

/** What the model's JSON says of its weights file: the sizes that cut it into its sections. */
export interface WeightsLayout {
  features: number;
  entries: number;
}

const align8 = (n: number): number => (n + 7) & ~7;

function sections(layout: WeightsLayout) {
  const weight = 0;
  const start = align8(weight + 8 * layout.entries);
  const label = align8(start + 4 * (layout.features + 1));
  const names = align8(label + layout.entries);
  return { weight, start, label, names };
}

if (endianness() !== 'LE') throw new Error('model weights files are little-endian; this machine is not');

/** The stored form of trained weights (feature → [label, weight, label, weight, …]). */
export function storeWeights(weights: Record<string, number[]>): { layout: WeightsLayout; bytes: Buffer } {
  const labelOutOfRange = Object.values(weights).some((ws) => ws.some((x, k) => k % 2 === 0 && (x < 0 || x > 255)));
  if (labelOutOfRange) throw new Error('a label index outside 0–255 (stored as one byte)');
  return storePacked(packWeightsOf(weights));
}

/** The stored form of weights already packed. */
export function storePacked(packed: PackedWeights): { layout: WeightsLayout; bytes: Buffer } {
  const names = [...packed.index.keys()];
  const bad = names.find((f) => f.includes('\n'));
  if (bad !== undefined) throw new Error(`a feature name holds a newline: ${JSON.stringify(bad)}`);
  const layout: WeightsLayout = { features: names.length, entries: packed.weight.length };
  const at = sections(layout);
  const text = Buffer.from(names.join('\n'), 'utf8');
  const bytes = Buffer.alloc(at.names + text.length);
  const put = (a: ArrayBufferView, offset: number) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(bytes, offset);
  put(packed.weight, at.weight);
  put(packed.start, at.start);
  put(packed.label, at.label);
  text.copy(bytes, at.names);
  return { layout, bytes };
}

/** Stored weights as scoring reads them: views over `bytes` (kept alive by them), the names in a Map. */
export function readStoredWeights(layout: WeightsLayout, bytes: Buffer): PackedWeights {
  // a typed array needs its element alignment: a file read has its own buffer, a slice of a pool may not
  const own = bytes.byteOffset % 8 === 0 ? bytes : Buffer.from(bytes);
  const at = sections(layout);
  if (own.length < at.names) throw new Error('the weights file is shorter than its layout');
  const names = own.length > at.names ? own.toString('utf8', at.names).split('\n') : [];
  const index = new Map<string, number>();
  for (let j = 0; j < names.length; j++) index.set(names[j] as string, j);
  const packed: PackedWeights = {
    index,
    weight: new Float64Array(own.buffer, own.byteOffset + at.weight, layout.entries),
    start: new Int32Array(own.buffer, own.byteOffset + at.start, layout.features + 1),
    label: new Uint8Array(own.buffer, own.byteOffset + at.label, layout.entries),
  };
  if (names.length !== layout.features || index.size !== names.length || packed.start[layout.features] !== layout.entries) {
    throw new Error('stored weights do not agree with their feature names');
  }
  return packed;
}
