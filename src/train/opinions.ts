// Learns the opinion lexicon from MPQA train (../shared/data/stance): for each word stem (natural's Porter stem,
// lower-cased), how often it stands inside an annotated polar expression of each side and how often it occurs at
// all. A stem that mostly marks one side where it marks one ("criticism", "welcomed", "concern") is an opinion
// word; what it is aimed at is read by src/extract/claims/opinion-target.ts. Prints and stores dev figures (word
// level: is a word inside a gold polar expression of its side). Writes models/opinion-mpqa.json.gz.
// usage: npm run train:opinions [-- --min-count 2]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SHARED_DIR } from '../eval/gold-sets.js';
import { type OpinionLexicon, OPINION_MODEL, opinionSide, stemOf } from '../extract/claims/opinion-lexicon.js';
import { tokenize } from '../extract/tokens.js';
import { writeModelFile } from './model-file.js';
import { readTexts } from './stance-data.js';

const arg = (name: string, dflt: number) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : dflt);
const MIN_COUNT = arg('--min-count', 2);
const dir = join(SHARED_DIR, 'data', 'stance');
const r3 = (x: number) => +x.toFixed(3);

interface Opinion {
  doc: string;
  expression: { start: number; end: number } | null;
  polarity: string | null;
}

/** support / oppose of an MPQA polarity ("uncertain-negative" counts as negative; both, neutral: neither). */
const sideOf = (polarity: string | null): 'support' | 'oppose' | null => {
  const p = (polarity ?? '').replace('uncertain-', '');
  return p === 'positive' ? 'support' : p === 'negative' ? 'oppose' : null;
};

/** Each word of each document with the side of the gold polar expression it stands in (null: in none). */
function read(split: 'train' | 'dev'): { stem: string; side: 'support' | 'oppose' | null }[] {
  const texts = readTexts(join(dir, `mpqa-${split}.in.jsonl`));
  const ops = (JSON.parse(readFileSync(join(dir, `mpqa-${split}.truth.json`), 'utf8')) as { opinions: Opinion[] }).opinions;
  const out: { stem: string; side: 'support' | 'oppose' | null }[] = [];
  for (const [doc, text] of texts) {
    const spans = ops.filter((o) => o.doc === doc && o.expression).map((o) => ({ ...(o.expression as { start: number; end: number }), side: sideOf(o.polarity) }));
    for (const t of tokenize(text)) {
      if (!/^\p{L}/u.test(t.text)) continue;
      const inside = spans.find((s) => s.start <= t.start && t.end <= s.end && s.side);
      out.push({ stem: stemOf(t.text), side: inside?.side ?? null });
    }
  }
  return out;
}

const train = read('train');
const counts = new Map<string, [number, number, number]>();
for (const w of train) {
  const c = counts.get(w.stem) ?? [0, 0, 0];
  if (w.side === 'support') c[0]++;
  else if (w.side === 'oppose') c[1]++;
  c[2]++;
  counts.set(w.stem, c);
}
const stems: Record<string, [number, number, number]> = {};
for (const [stem, c] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (c[0] + c[1] >= MIN_COUNT) stems[stem] = c;

const model: OpinionLexicon = { name: OPINION_MODEL, trainedOn: 'MPQA 2.0 train (structured sentiment split)', minCount: MIN_COUNT, stems, dev: {} };

// dev: a word the lexicon reads as one side, against the gold expressions of that side
let tp = 0;
let fp = 0;
let fn = 0;
for (const w of read('dev')) {
  const side = opinionSide(model, w.stem);
  if (side && side === w.side) tp++;
  else if (side) fp++;
  if (w.side && side !== w.side) fn++;
}
const p = tp / (tp + fp || 1);
const r = tp / (tp + fn || 1);
model.dev = { wordPrecision: r3(p), wordRecall: r3(r), wordF1: r3((2 * p * r) / (p + r || 1)) };
const out = join(ROOT, 'models', `${OPINION_MODEL}.json.gz`);
writeModelFile(out, model);
console.log(`wrote ${out}: ${Object.keys(stems).length} stems; dev ${JSON.stringify(model.dev)}`);
