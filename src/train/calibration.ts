// Fits claim confidence (src/extract/claims/confidence.ts) on PolNeAR train: every train article through
// extraction, each claim judged right or wrong as the PolNeAR scorer would (src/eval/attribution-match.ts),
// and per rule and per rule and speaker kind the share right, smoothed toward the parent (the rule, then all
// claims) so a rare key says little. Learned claims keep their model's probability and are not fitted here.
// Writes models/claim-calibration.json.gz and prints the reliability of the result on PolNeAR dev (the
// table the README shows). usage: npm run train:calibration
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { attributedRight } from '../eval/attribution-match.js';
import { ROOT, SHARED_DIR } from '../eval/gold-sets.js';
import { CALIBRATION_MODEL, type ClaimCalibration, speakerKind } from '../extract/claims/confidence.js';
import { extract } from '../extract/index.js';
import type { Claim } from '../record.js';
import { readPolnear } from './polnear.js';

/** How many claims a key's own figure counts as: its share is pulled toward the parent's by this many. */
const PRIOR_WEIGHT = 10;

const base = join(SHARED_DIR, 'data', 'polnear');
const judged = (split: string) =>
  readPolnear(join(base, split)).flatMap((a) => {
    const claims = extract({ text: a.text, id: a.id }).claims;
    const right = attributedRight(a.attributions, claims);
    return claims.map((c, k) => ({ claim: c, right: right[k] as boolean }));
  });

const keyOf = (c: Claim) => ({ rule: c.provenance?.attribution.name ?? 'unknown', kind: speakerKind(c), learned: c.provenance?.attribution.by === 'model' });

if (process.argv[1]?.endsWith('calibration.js')) {
  const train = judged('train');
  const counts = new Map<string, { n: number; right: number }>();
  const count = (k: string, right: boolean) => {
    const x = counts.get(k) ?? { n: 0, right: 0 };
    x.n++;
    if (right) x.right++;
    counts.set(k, x);
  };
  for (const { claim, right } of train) {
    const { rule, kind, learned } = keyOf(claim);
    if (learned) continue;
    count('*', right);
    count(rule, right);
    count(`${rule}|${kind}`, right);
  }
  const all = counts.get('*') ?? { n: 0, right: 0 };
  const prior = all.right / (all.n || 1);
  const shrink = (x: { n: number; right: number }, parent: number) => +((x.right + PRIOR_WEIGHT * parent) / (x.n + PRIOR_WEIGHT)).toFixed(3);
  const keys: Record<string, number> = {};
  for (const [k, x] of [...counts].sort()) if (k !== '*' && !k.includes('|')) keys[k] = shrink(x, prior);
  for (const [k, x] of [...counts].sort()) if (k.includes('|')) keys[k] = shrink(x, keys[k.split('|')[0] as string] ?? prior);
  const table: ClaimCalibration = { trainedOn: `PolNeAR train: ${train.length} claims of rules judged as score_polnear.mjs judges them at 0.3`, prior: +prior.toFixed(3), keys };
  const out = join(ROOT, 'models', `${CALIBRATION_MODEL}.json.gz`);
  writeFileSync(out, gzipSync(JSON.stringify(table)));
  console.log(`wrote ${out}: ${Object.keys(keys).length} keys, prior ${table.prior}`);
  for (const [k, x] of [...counts].sort((a, b) => b[1].n - a[1].n).slice(0, 30)) console.log(`  ${k.padEnd(40)} ${String(x.n).padStart(6)} right ${(x.right / x.n).toFixed(3)}`);
  console.log('(dev reliability: npm run eval)');
}
