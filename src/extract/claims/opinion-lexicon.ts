// The opinion lexicon learned from MPQA train (models/opinion-mpqa.json.gz, written by src/train/opinions.ts):
// word stems that, where they occur, mostly stand inside an annotated polar expression, and of which side.
import { modelData, modelIds } from '../models.js';
import { memo, porter } from './sentiment.js';

export const OPINION_MODEL = 'opinion-mpqa';

export interface OpinionLexicon {
  name: string;
  trainedOn: string;
  minCount: number;
  /** stem → [inside a support expression, inside an oppose expression, occurrences] in train. */
  stems: Record<string, [number, number, number]>;
  dev: Record<string, number>;
}

/** The least share of a stem's occurrences inside a polar expression for it to be an opinion word. */
const MIN_RATE = 0.3;
/** The least share of one side among its polar occurrences ("expressed" is as often either: no side). */
const MIN_MAJORITY = 0.75;

const porterStem = memo((w: string) => porter.stem(w));
/** The Porter stem of a word, lower-cased: the lexicon's keys (every word stemmed, where ./sentiment.ts `stem` keeps short ones). */
export const stemOf = (word: string): string => porterStem(word.toLowerCase().replace(/’/g, "'"));

/** How often a stem must stand in a polar expression to mark a side: at least `count` times and `rate` of its uses. */
export interface OpinionBar {
  count: number;
  rate: number;
}

/** The side a stem marks, or null where it marks none often or surely enough (by default, the lexicon's own bar). */
export function opinionSide(lexicon: OpinionLexicon, stem: string, bar: OpinionBar = { count: lexicon.minCount, rate: MIN_RATE }): 'support' | 'oppose' | null {
  const c = lexicon.stems[stem];
  if (!c) return null;
  const [support, oppose, total] = c;
  const polar = support + oppose;
  if (polar < bar.count || polar / total < bar.rate) return null;
  if (support / polar >= MIN_MAJORITY) return 'support';
  if (oppose / polar >= MIN_MAJORITY) return 'oppose';
  return null;
}

let lexicon: OpinionLexicon | undefined;
/** The committed lexicon, read once. */
export const opinionLexicon = (): OpinionLexicon => {
  lexicon ??= modelData<OpinionLexicon>(OPINION_MODEL);
  return lexicon;
};

/** 'opinion-mpqa:ID' as models/manifest.json names it. */
export const opinionModelRef = (): string => `${OPINION_MODEL}:${modelIds()[OPINION_MODEL] ?? 'unknown'}`;
