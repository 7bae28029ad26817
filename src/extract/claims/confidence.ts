// A claim's confidence as a probability: how often claims made the same way (the same rule, a speaker of
// the same kind: a named entity, a pronoun, a description, none) are right by PolNeAR's annotators, fitted on
// PolNeAR train by src/train/calibration.ts (models/claim-calibration.json.gz). A learned claim keeps its
// model's probability, calibrated on held-out folds when the model was trained; a rule too rare to measure
// keeps its hand-set confidence. Pure: the table is data read once.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MODELS_PATH, modelData } from '../models.js';
import type { RawClaim } from './types.js';

export const CALIBRATION_MODEL = 'claim-calibration';

export interface ClaimCalibration {
  trainedOn: string;
  /** Share of all claims right on the training data. */
  prior: number;
  /** `rule|speakerKind` and `rule` → probability right (smoothed toward its parent). */
  keys: Record<string, number>;
}

let table: ClaimCalibration | undefined;
const calibration = (): ClaimCalibration => {
  if (!table) {
    const file = join(MODELS_PATH, `${CALIBRATION_MODEL}.json.gz`);
    // before its first fit (src/train/calibration.ts) there is no table: hand-set confidences stand
    table = existsSync(file) ? modelData<ClaimCalibration>(CALIBRATION_MODEL) : { trainedOn: 'none', prior: 0, keys: {} };
  }
  return table;
};

/** What kind of speaker a claim names: the feature calibration keys on beside the rule. */
export function speakerKind(c: Pick<RawClaim, 'speaker'>): 'entity' | 'pronoun' | 'text' | 'none' {
  const s = c.speaker;
  if (!s) return 'none';
  if (s.entityId) return 'entity';
  return /^(he|she|they|it|we|i|you)$/i.test(s.text) ? 'pronoun' : 'text';
}

/** The claim's probability of being right, three decimals. */
export function claimConfidence(c: RawClaim): number {
  if (c.score !== undefined) return Math.round(c.score * 1000) / 1000;
  const { keys } = calibration();
  const p = keys[`${c.rule}|${speakerKind(c)}`] ?? keys[c.rule];
  return Math.round((p ?? c.confidence) * 1000) / 1000;
}
