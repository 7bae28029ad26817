// The learned core's classifier: a linear multiclass model over sparse string features (what an averaged
// perceptron or logistic regression writes), with a temperature that turns its scores into calibrated
// probabilities. Pure: the weights are data (models/*.json.gz, written by src/train/).
import { addFeatures } from './tagger.js';

export interface ClassifierModel {
  labels: string[];
  /** feature → flat [labelIndex, weight, labelIndex, weight, ...] */
  weights: Record<string, number[]>;
  /** Divides the scores before the softmax; fitted on held-out data so probabilities match frequencies. */
  temperature?: number;
}

/** One score per label: the sum of the features' weights. */
export function classScores(model: ClassifierModel, feats: readonly string[]): number[] {
  const scores = new Array<number>(model.labels.length).fill(0);
  // the packed weights when the model was read from models/ (the same sums in the same order)
  addFeatures(model, scores, feats);
  return scores;
}

/** Softmax of scores / temperature (stable: the largest score is subtracted first). */
export function softmax(scores: readonly number[], temperature = 1): number[] {
  const t = temperature > 0 ? temperature : 1;
  const top = Math.max(...scores);
  const ex = scores.map((s) => Math.exp((s - top) / t));
  const sum = ex.reduce((a, b) => a + b, 0);
  return ex.map((e) => e / sum);
}

export interface Prediction {
  label: string;
  /** Calibrated probability of `label`. */
  p: number;
  /** Every label's probability, in the model's label order. */
  probs: number[];
}

/** The most probable label and its calibrated probability. */
export function classify(model: ClassifierModel, feats: readonly string[]): Prediction {
  const probs = softmax(classScores(model, feats), model.temperature);
  let best = 0;
  for (let k = 1; k < probs.length; k++) if ((probs[k] as number) > (probs[best] as number)) best = k;
  return { label: model.labels[best] as string, p: probs[best] as number, probs };
}
