// Trains the learned attribution path on PolNeAR train (../shared/data/polnear/train), two models:
//  - the role tagger (models/attribution-polnear.json.gz): for every annotated cue, the words of its unit
//    (src/extract/claims/learned-attribution.ts) tagged SRC / CON / O toward that cue;
//  - the claim model (models/attribution-claim-polnear.json.gz): whether a candidate (a cue the cue finder
//    marks, with the roles tagged toward it) is an attribution with the right source. Its examples are the
//    candidates of held-out folds (cue finder and role tagger trained on the other folds), so it learns
//    from mistakes like those it will meet; its temperature is fitted on a held-out tenth of them.
// Each file carries its dev figures (polnear/dev), never training ones. The cue finder is models/cue-polnear
// (npm run train:cues), read here for the dev figures of the claim model.
// usage: npm run train:attribution [-- --epochs 8 --folds 4]
import { join } from 'node:path';
import { ROOT, SHARED_DIR } from '../eval/gold-sets.js';
import { writeModelFile } from './model-file.js';
import { CUE_PRIOR, cueFeatures, cuesAmong, tagSentenceCues } from '../extract/claims/cue-tagger.js';
import {
  type AttributionUnit, type Candidate, type ClaimModel, makeUnit, ROLE_TAGS, roleFeatures, tagRoles, unitCandidates, unitSpans,
} from '../extract/claims/learned-attribution.js';
import { findQuotes } from '../extract/claims/quotes.js';
import { classScores, classify } from '../extract/learned/classifier.js';
import type { TaggerModel } from '../extract/learned/tagger.js';
import { taggerModel } from '../extract/models.js';
import { splitSentences } from '../extract/sentences.js';
import { lowerBound } from '../extract/sorted.js';
import { type Example, fitTemperature, reliability, trainClassifier } from './classifier.js';
import { CUE_EPOCHS, CUE_TAGS, cueSequences } from './cues.js';
import { type Sequence, trainPerceptron } from './perceptron.js';
import { type Attribution, type AttributionSpan, type PolnearArticle, readPolnear } from './polnear.js';
import { formatScore, roundScore, type ScoredSpan, scoreSpans, type SpanScore } from './span-score.js';

/** One annotated cue in its unit, with the tags of its source and content there and their gold extents. */
export interface CueExample {
  article: string;
  unit: AttributionUnit;
  /** The cue's tokens in the unit, end exclusive. */
  c0: number;
  c1: number;
  tags: string[];
  source: ScoredSpan | null;
  content: ScoredSpan | null;
}

const extent = (s: AttributionSpan | null): ScoredSpan | null => (s?.ranges.length ? { start: (s.ranges[0] as [number, number])[0], end: (s.ranges.at(-1) as [number, number])[1] } : null);
const touches = (s: AttributionSpan | null, a: number, b: number) => !!s && s.ranges.some(([x, y]) => a < y && x < b);

/** The units of an article, in text order. */
export function articleUnits(a: PolnearArticle): AttributionUnit[] {
  const quotes = findQuotes(a.text);
  return unitSpans(splitSentences(a.text), quotes).map((u) => makeUnit(a.text, u.start, u.end, quotes));
}

/** Each unit of an article with the cues a cue model marks in it (unit token indices), tagged sentence by
 * sentence as extraction tags them (src/extract/claims/cue-tagger.ts, with its prior toward cues). */
export function cuedUnits(a: PolnearArticle, cueModel: TaggerModel): { unit: AttributionUnit; cues: { start: number; end: number }[] }[] {
  const chars = splitSentences(a.text).flatMap((s) => tagSentenceCues(cueModel, a.text, s.start, s.end, CUE_PRIOR));
  return articleUnits(a).map((unit) => ({ unit, cues: cuesAmong(unit.tokens, chars.filter((c) => c.start >= unit.start && c.end <= unit.end)) }));
}

/** The unit holding offset `at`, if any. */
const unitAt = (units: AttributionUnit[], at: number): AttributionUnit | undefined => {
  const u = units[lowerBound(units, at + 1, (x) => x.end)];
  return u && u.start <= at ? u : undefined;
};

export function articleExamples(a: PolnearArticle, units: AttributionUnit[]): CueExample[] {
  const out: CueExample[] = [];
  for (const g of a.attributions) {
    const cue = extent(g.cue);
    if (!cue || !g.content) continue;
    const unit = unitAt(units, cue.start);
    if (!unit) continue;
    const inCue = unit.tokens.map((t) => touches(g.cue, t.start, t.end));
    const c0 = inCue.indexOf(true);
    const c1 = inCue.lastIndexOf(true) + 1;
    if (c0 < 0) continue;
    const roles = unit.tokens.map((t, i) => (i >= c0 && i < c1 ? 'O' : touches(g.source, t.start, t.end) ? 'SRC' : touches(g.content, t.start, t.end) ? 'CON' : 'O'));
    const tags = roles.map((r, i) => (r === 'O' ? 'O' : roles[i - 1] === r ? `I-${r}` : `B-${r}`));
    out.push({ article: a.id, unit, c0, c1, tags, source: extent(g.source), content: extent(g.content) });
  }
  return out;
}

export const readExamples = (dir: string): CueExample[] => readPolnear(dir).flatMap((a) => articleExamples(a, articleUnits(a)));

export const toSequence = (x: CueExample): Sequence => ({ words: x.unit.words, tags: x.tags, features: roleFeatures(x.unit, x.c0, x.c1) });

/** Exact content and source extents on examples with their gold cues. */
export function scoreRoles(model: TaggerModel, examples: CueExample[]) {
  const content: { gold: ScoredSpan[]; pred: ScoredSpan[] }[] = [];
  const source: { gold: ScoredSpan[]; pred: ScoredSpan[] }[] = [];
  for (const x of examples) {
    const r = tagRoles(model, x.unit, x.c0, x.c1);
    const chars = (s: { start: number; end: number } | null) => (s ? [{ start: (x.unit.tokens[s.start] as { start: number }).start, end: (x.unit.tokens[s.end - 1] as { end: number }).end }] : []);
    content.push({ gold: x.content ? [x.content] : [], pred: chars(r.content) });
    source.push({ gold: x.source ? [x.source] : [], pred: chars(r.source) });
  }
  return { content: scoreSpans(content), source: scoreSpans(source) };
}

/**
 * Whether a candidate is an attribution of the article as the scorer (../shared/tools/score_polnear.mjs)
 * counts one: it covers at least 0.3 of a gold content, and its source meets the gold source (or both
 * have none).
 */
function isAttribution(unit: AttributionUnit, c: Candidate, gold: Attribution[]): boolean {
  const at = (s: { start: number; end: number }) => ({ start: (unit.tokens[s.start] as { start: number }).start, end: (unit.tokens[s.end - 1] as { end: number }).end });
  const con = at(c.content);
  const src = c.source ? at(c.source) : null;
  return gold.some((g) => {
    const ranges = g.content?.ranges ?? [];
    const len = ranges.reduce((n, [x, y]) => n + y - x, 0);
    const shared = ranges.reduce((n, [x, y]) => n + Math.max(0, Math.min(y, con.end) - Math.max(x, con.start)), 0);
    if (!len || shared / len < 0.3) return false;
    return g.source ? !!src && touches(g.source, src.start, src.end) : !src;
  });
}

/** The candidates of some articles as labelled examples for the claim model. */
function candidateExamples(articles: PolnearArticle[], cues: TaggerModel, roles: TaggerModel): (Example & { article: string })[] {
  const out: (Example & { article: string })[] = [];
  for (const a of articles) {
    for (const { unit, cues: found } of cuedUnits(a, cues)) {
      for (const c of unitCandidates(unit, found, roles)) out.push({ article: a.id, feats: c.feats, label: isAttribution(unit, c, a.attributions) ? 'yes' : 'no' });
    }
  }
  return out;
}

/** How the claim model's kept candidates do alone (no rules), against every attribution of the articles. */
function scoreClaims(model: ClaimModel, articles: PolnearArticle[], cues: TaggerModel, roles: TaggerModel): { score: SpanScore; pairs: { p: number; right: boolean }[] } {
  let tp = 0;
  let pred = 0;
  let gold = 0;
  const pairs: { p: number; right: boolean }[] = [];
  for (const a of articles) {
    gold += a.attributions.filter((g) => g.content).length;
    for (const { unit, cues: found } of cuedUnits(a, cues)) {
      for (const c of unitCandidates(unit, found, roles)) {
        const p = classify(model, c.feats).probs[1] as number;
        const right = isAttribution(unit, c, a.attributions);
        pairs.push({ p, right });
        if (p < (model.threshold ?? 0.5)) continue;
        pred++;
        if (right) tp++;
      }
    }
  }
  const p = tp / (pred || 1);
  const r = tp / (gold || 1);
  return { score: { tp, pred, gold, p, r, f1: (2 * p * r) / (p + r || 1) }, pairs };
}

if (process.argv[1]?.endsWith('attribution.js')) {
  const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
  const epochs = Number(arg('--epochs')) || 8;
  const folds = Number(arg('--folds')) || 4;
  const base = join(SHARED_DIR, 'data', 'polnear');
  const train = readPolnear(join(base, 'train'));
  const dev = readPolnear(join(base, 'dev'));
  const quiet = () => {};

  // the role tagger, on every annotated cue of train
  const examples = train.flatMap((a) => articleExamples(a, articleUnits(a)));
  console.log(`${examples.length} training cues`);
  const roles = trainPerceptron(examples.map(toSequence), ROLE_TAGS, () => [], epochs);
  const devRoles = scoreRoles(roles, dev.flatMap((a) => articleExamples(a, articleUnits(a))));
  console.log(`role tagger, dev (gold cues, exact extents): content ${formatScore(devRoles.content)}; source ${formatScore(devRoles.source)}`);
  const rolesOut = join(ROOT, 'models', 'attribution-polnear.json.gz');
  writeModelFile(rolesOut, { trainedOn: 'PolNeAR train (source and content toward each annotated cue)', epochs, dev: { content: roundScore(devRoles.content), source: roundScore(devRoles.source) }, ...roles });
  console.log(`wrote ${rolesOut}`);

  // the claim model, on the candidates of held-out folds
  const held: (Example & { article: string })[] = [];
  for (let k = 0; k < folds; k++) {
    const inFold = (_: PolnearArticle, i: number) => i % folds === k;
    const rest = train.filter((a, i) => !inFold(a, i));
    const cueK = trainPerceptron(rest.flatMap(cueSequences), CUE_TAGS, cueFeatures, CUE_EPOCHS, quiet);
    const roleK = trainPerceptron(rest.flatMap((a) => articleExamples(a, articleUnits(a))).map(toSequence), ROLE_TAGS, () => [], epochs, quiet);
    const xs = candidateExamples(train.filter(inFold), cueK, roleK);
    held.push(...xs);
    console.log(`fold ${k + 1}/${folds}: ${xs.length} candidates, ${xs.filter((x) => x.label === 'yes').length} attributions`);
  }
  // a tenth of the articles for the temperature, the rest to learn from
  const order = new Map(train.map((a, i) => [a.id, i]));
  const isCalibration = (x: { article: string }) => (order.get(x.article) ?? 0) % 10 === 9;
  const judge: ClaimModel = trainClassifier(held.filter((x) => !isCalibration(x)), ['no', 'yes'], { epochs: 10, rate: 0.1, l2: 1e-5, log: quiet });
  judge.temperature = fitTemperature(judge, held.filter(isCalibration), (f) => classScores(judge, f));
  // a candidate is worth keeping when it is more likely right than half the F1 it joins (adding a claim right
  // with probability p raises F1 exactly when p > F1 / 2); the rules' claims stand near F1 0.7
  judge.threshold = 0.35;
  const devClaims = scoreClaims(judge, dev, taggerModel('cue-polnear'), roles);
  console.log(`claim model, dev (learned path alone, attributed, @0.3): ${formatScore(devClaims.score)}; temperature ${judge.temperature}`);
  console.log(JSON.stringify(reliability(devClaims.pairs, [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001])));
  const claimsOut = join(ROOT, 'models', 'attribution-claim-polnear.json.gz');
  writeModelFile(claimsOut, { trainedOn: `PolNeAR train (candidates of ${folds} held-out folds)`, dev: { ...roundScore(devClaims.score), reliability: reliability(devClaims.pairs) }, ...judge });
  console.log(`wrote ${claimsOut}`);
}
