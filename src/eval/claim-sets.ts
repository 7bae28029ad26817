// The public claim and stance sets (../shared/data: PolNeAR dev, DSE dev, MPQA dev) scored the way the held-out
// evaluation scores them: our records made by `extract --jsonl` (in this process), then the shared scorers
// (../shared/tools/score_*.mjs) run on them. Dev splits only: training figures are never reported.
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { extractJsonl } from '../cli/extract-command.js';
import type { ArticleRecord } from '../record.js';
import { readPolnear } from '../train/polnear.js';
import { attributedRight, calibrationError, type ReliabilityBin, reliabilityBins } from './attribution-match.js';
import { SHARED_DIR } from './gold-sets.js';

const TOOLS = join(SHARED_DIR, 'tools');
const DATA = join(SHARED_DIR, 'data');

function run(script: string, ...args: string[]): string {
  const r = spawnSync(process.execPath, [join(TOOLS, script), ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${script}: ${(r.stderr || r.stdout).slice(-300)}`);
  return r.stdout;
}

const score = (script: string, ...args: string[]): Record<string, unknown> => JSON.parse(run(script, ...args).trim().split('\n').at(-1) as string) as Record<string, unknown>;

async function records(input: string, out: string): Promise<void> {
  const sink = createWriteStream(out);
  await extractJsonl(createReadStream(input), sink);
  sink.end();
  await once(sink, 'finish');
}

const get = (o: unknown, path: string): number => {
  const v = path.split('.').reduce<unknown>((x, k) => (x && typeof x === 'object' ? (x as Record<string, unknown>)[k] : undefined), o);
  return typeof v === 'number' ? v : Number.NaN;
};

/** Each dev claim's confidence and whether PolNeAR's gold makes it right: the reliability table. */
function reliability(dir: string, recordsFile: string): ReliabilityBin[] {
  const records = new Map(
    readFileSync(recordsFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as ArticleRecord)
      .map((r) => [r.id, r]),
  );
  const items = readPolnear(dir).flatMap((a) => {
    const claims = records.get(a.id)?.claims ?? [];
    const right = attributedRight(a.attributions, claims);
    return claims.map((c, k) => ({ confidence: c.confidence, right: right[k] as boolean }));
  });
  return reliabilityBins(items);
}

export interface ClaimSetFigure {
  set: string;
  figure: string;
  value: number;
}

/** PolNeAR dev, DSE dev and MPQA dev, each skipped (and said so) when its data or scorer is absent. */
export async function claimSetFigures(log: (line: string) => void = console.log): Promise<ClaimSetFigure[]> {
  const tmp = mkdtempSync(join(tmpdir(), 'newsdesk-eval-'));
  const out: ClaimSetFigure[] = [];
  try {
    const polnear = join(DATA, 'polnear', 'dev');
    if (existsSync(polnear) && existsSync(join(TOOLS, 'score_polnear.mjs'))) {
      const inp = join(tmp, 'polnear.in.jsonl');
      run('score_polnear.mjs', 'emit', polnear, inp);
      await records(inp, join(tmp, 'polnear.out.jsonl'));
      const s = score('score_polnear.mjs', 'score', polnear, join(tmp, 'polnear.out.jsonl'));
      const g = (s as Record<string, unknown>)['ggt@0.3'];
      out.push({ set: 'polnear dev', figure: 'attributed F1 @0.3', value: get(g, 'attributed.f1') });
      out.push({ set: 'polnear dev', figure: 'content F1 @0.3', value: get(g, 'content.f1') });
      out.push({ set: 'polnear dev', figure: 'exact content span F1', value: get(s, 'exactF1.content') });
      out.push({ set: 'polnear dev', figure: 'exact source span F1', value: get(s, 'exactF1.source') });
      out.push({ set: 'polnear dev', figure: 'exact cue span F1', value: get(s, 'exactF1.cue') });
      const bins = reliability(polnear, join(tmp, 'polnear.out.jsonl'));
      out.push({ set: 'polnear dev', figure: 'confidence calibration error', value: calibrationError(bins) });
      log('polnear dev: confidence against the share of claims right (attributed @0.3)');
      for (const b of bins) log(`  ${b.from.toFixed(1)}–${b.to.toFixed(1)}  ${String(b.claims).padStart(5)} claims  mean confidence ${b.confidence.toFixed(3)}  right ${b.right.toFixed(3)}`);
    } else log('polnear dev: skipped (../shared/data/polnear or its scorer not found)');
    for (const [name, script, figures] of [
      ['dse', 'score_dse.mjs', [['directed stance macro-F1', 'newsdesk.macroF1'], ['directed relation F1', 'newsdesk.relation.f1']]],
      ['mpqa', 'score_mpqa.mjs', [['holder-target-stance F1', 'polar.tupleF1'], ['holder recall', 'polar.holderRecall']]],
    ] as const) {
      const inp = join(DATA, 'stance', `${name}-dev.in.jsonl`);
      const truth = join(DATA, 'stance', `${name}-dev.truth.json`);
      if (!existsSync(inp) || !existsSync(truth) || !existsSync(join(TOOLS, script))) {
        log(`${name} dev: skipped (../shared/data/stance or its scorer not found)`);
        continue;
      }
      const recs = join(tmp, `${name}.out.jsonl`);
      await records(inp, recs);
      const s = score(script, truth, recs);
      for (const [figure, path] of figures) out.push({ set: `${name} dev`, figure, value: get(s, path) });
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return out;
}
