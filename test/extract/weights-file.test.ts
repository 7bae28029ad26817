// A model file's stored weights: read back, they score exactly as the weights they were written from.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { classScores, type ClassifierModel } from '../../src/extract/learned/classifier.js';
import { readStoredWeights, storeWeights } from '../../src/extract/learned/weights-file.js';
import { readModelFile } from '../../src/extract/models.js';
import { writeModelFile } from '../../src/train/model-file.js';

const dir = mkdtempSync(join(tmpdir(), 'newsdesk-weights-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// numbers no short decimal holds, and keys a plain object orders by value ("7" before "w=a")
const weights = { 'w=a': [0, 0.1 + 0.2, 2, -1 / 3], '7': [1, Math.PI], 'w=a|b': [2, 1e-300] };
const feats = ['w=a', 'unknown', '7', 'w=a|b'];

describe('stored weights', () => {
  it('a model written and read back gives the same scores, bit for bit, and keeps its other fields', () => {
    const model: ClassifierModel & { dev: { f1: number } } = { labels: ['x', 'y', 'z'], weights, temperature: 1.5, dev: { f1: 0.5 } };
    const fresh = classScores(model, feats);
    const path = join(dir, 'm.json.gz');
    writeModelFile(path, model);
    const read = readModelFile<ClassifierModel & { dev: { f1: number } }>(path);
    expect(classScores(read, feats)).toEqual(fresh);
    expect(fresh).toEqual([0.1 + 0.2, Math.PI, -1 / 3 + 1e-300]);
    expect(read.labels).toEqual(['x', 'y', 'z']);
    expect(read.temperature).toBe(1.5);
    expect(read.dev).toEqual({ f1: 0.5 });
  });

  it('refuses what the stored form cannot hold: a newline in a feature, a label past 255', () => {
    expect(() => storeWeights({ 'w=a\nb': [0, 1] })).toThrow(/newline/);
    expect(() => storeWeights({ 'w=a': [256, 1] })).toThrow(/0–255/);
  });

  it('stored arrays that disagree with their names are refused, not misread', () => {
    const { layout, bytes } = storeWeights(weights);
    expect(readStoredWeights(layout, bytes).index.get('w=a|b')).toBe(2);
    expect(() => readStoredWeights({ ...layout, features: 2 }, bytes)).toThrow(/do not agree/);
    expect(() => readStoredWeights(layout, bytes.subarray(0, 16))).toThrow(/shorter/);
  });

  it('reads weights from a buffer at any offset (a typed array needs its alignment)', () => {
    const { layout, bytes } = storeWeights(weights);
    const shifted = Buffer.alloc(bytes.length + 3);
    bytes.copy(shifted, 3);
    const read = readStoredWeights(layout, shifted.subarray(3));
    // a plain object lists the integer-like key "7" first
    expect([...read.weight]).toEqual([Math.PI, 0.1 + 0.2, -1 / 3, 1e-300]);
    expect([...read.label]).toEqual([1, 0, 2, 2]);
  });
});
