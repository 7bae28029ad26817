// `npm run eval`: precision/recall/F1 of entities, date accuracy, claim detection, speaker-attributed claims
// and stance, on our fixtures and on ../shared/gold (when present). For the public dev sets (news pages,
// TimeBank, CoNLL, PolNeAR) run `node ../shared/tools/scoreboard.mjs`, which uses the held-out scorers.
// `-- --gold DIR`: another directory of gold files instead, such as analysts' reviews (`newsdesk export --reviewed`).
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fixtureCases, type GoldCase, sharedCases } from './gold-sets.js';
import { type DocScore, scoreRecord, totals } from './gold.js';
import { claimSetFigures } from './claim-sets.js';

const f3 = (x: number) => x.toFixed(3);

function report(title: string, cases: GoldCase[], verbose: boolean): void {
  if (!cases.length) {
    console.log(`${title}: skipped (not found)`);
    return;
  }
  const scores: DocScore[] = [];
  for (const c of cases) {
    const s = scoreRecord(c.gold, c.run());
    scores.push(s);
    if (verbose) {
      const problems = [...s.entities.missing.map((m) => `missing entity ${m}`), ...s.entities.spurious.map((m) => `extra entity ${m}`), ...s.dates.missing.map((m) => `missing date ${m}`), ...s.claims.missing.map((m) => `missing claim ${m}`), ...s.claims.wrongSpeaker.map((m) => `speaker ${m}`), ...s.claims.wrongStance.map((m) => `stance ${m}`), ...s.claims.spurious.map((m) => `extra claim ${m}`)];
      console.log(`  ${c.name}: entities ${s.entities.tp}/${s.entities.gold} (pred ${s.entities.pred}), dates ${s.dates.ok}/${s.dates.gold}, claims ${s.claims.tp}/${s.claims.gold} (pred ${s.claims.pred}), attributed ${s.claims.attributed}`);
      for (const p of problems) console.log(`      ${p}`);
    }
  }
  const t = totals(scores);
  // reviewed gold (export --reviewed) judges claims alone: entity and date figures would mean nothing
  const claimsOnly = cases.every((c) => c.gold.claimsOnly);
  console.log(`${title} (${cases.length} documents${claimsOnly ? ', claims only' : ''})`);
  if (!claimsOnly) {
    console.log(`  entities                 P ${f3(t.entities.p)}  R ${f3(t.entities.r)}  F1 ${f3(t.entities.f1)}   type accuracy ${f3(t.entities.typeAcc)}`);
    console.log(`  dates                    accuracy (recall of gold values) ${f3(t.dateRecall)}`);
  }
  console.log(`  claim detection          P ${f3(t.claims.p)}  R ${f3(t.claims.r)}  F1 ${f3(t.claims.f1)}`);
  console.log(`  speaker-attributed       P ${f3(t.attributed.p)}  R ${f3(t.attributed.r)}  F1 ${f3(t.attributed.f1)}`);
  console.log(`  attributed + stance      P ${f3(t.attributedWithStance.p)}  R ${f3(t.attributedWithStance.r)}  F1 ${f3(t.attributedWithStance.f1)}   stance accuracy (matched) ${f3(t.stanceAccOnMatched)}`);
}

const { values: args } = parseArgs({ options: { verbose: { type: 'boolean', short: 'v' }, gold: { type: 'string' }, 'no-public': { type: 'boolean' } } });
const verbose = args.verbose ?? false;
if (args.gold) {
  // a directory of gold files with their documents beside them: `newsdesk export --reviewed --out DIR`
  if (!existsSync(args.gold)) {
    console.error(`eval: --gold ${args.gold}: no such directory`);
    process.exit(2);
  }
  report(`gold in ${args.gold}`, fixtureCases(args.gold), verbose);
} else {
  report('fixtures', fixtureCases(), verbose);
  report('shared gold (../shared/gold)', sharedCases(), verbose);
  if (!args['no-public']) {
    console.log('public claim and stance sets (dev splits, the shared scorers)');
    for (const f of await claimSetFigures()) console.log(`  ${f.set.padEnd(12)} ${f.figure.padEnd(28)} ${f3(f.value)}`);
  }
}
