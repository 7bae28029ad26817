// Reading PolNeAR (../shared/data/polnear/{train,dev}): each article's text and its attributions, every
// Source, Cue and Content span in UTF-16 offsets (brat gives code points). What every attribution trainer
// reads, so each learns from the same spans the scorer (../shared/tools/score_polnear.mjs) counts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type AttributionRole = 'Source' | 'Cue' | 'Content';

export interface AttributionSpan {
  role: AttributionRole;
  /** One or more discontinuous ranges, UTF-16, end exclusive. */
  ranges: [number, number][];
}

export interface Attribution {
  source: AttributionSpan | null;
  cue: AttributionSpan | null;
  content: AttributionSpan | null;
}

export interface PolnearArticle {
  id: string;
  text: string;
  /** Every annotated span, whether or not a relation ties it to others. */
  spans: AttributionSpan[];
  /** Source–cue–content triples as the relations tie them. */
  attributions: Attribution[];
}

/** Code point offsets (brat) → UTF-16 offsets (JavaScript). */
export function cpToUtf16(text: string): (i: number) => number {
  const map: number[] = [];
  let u = 0;
  for (const ch of text) {
    map.push(u);
    u += ch.length;
  }
  map.push(u);
  return (i) => map[i] ?? u;
}

function parseAnn(ann: string, conv: (i: number) => number): { spans: Map<string, AttributionSpan>; attributions: Attribution[] } {
  const spans = new Map<string, AttributionSpan>();
  const lines = ann.split('\n');
  for (const line of lines) {
    const [tid, mid] = line.split('\t');
    if (!tid?.startsWith('T') || !mid) continue;
    const [role, ...rest] = mid.split(' ');
    if (role !== 'Source' && role !== 'Cue' && role !== 'Content') continue;
    const ranges = rest
      .join(' ')
      .split(';')
      .map((r) => r.trim().split(' ').map(Number))
      .filter((r): r is [number, number] => r.length === 2 && Number.isFinite(r[0]) && Number.isFinite(r[1]))
      .map(([a, b]) => [conv(a), conv(b)] as [number, number]);
    spans.set(tid, { role, ranges });
  }
  // events tie the parts: "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1" (as the scorer reads them)
  const attributions: Attribution[] = [];
  for (const line of lines) {
    const [eid, body] = line.split('\t');
    if (!eid?.startsWith('E') || !body) continue;
    const parts = Object.fromEntries(
      body
        .trim()
        .split(' ')
        .map((kv) => kv.split(':')),
    ) as Record<string, string>;
    const get = (k: string) => (parts[k] ? (spans.get(parts[k]) ?? null) : null);
    attributions.push({ source: get('Source'), cue: get('Cue'), content: get('Content') });
  }
  return { spans, attributions };
}

/** Every article of a split that has an annotation (the first annotator's file, as the scorer takes it). */
export function readPolnear(dir: string): PolnearArticle[] {
  const anns = readdirSync(join(dir, 'attributions'))
    .filter((f) => f.endsWith('.ann'))
    .sort();
  const out: PolnearArticle[] = [];
  for (const f of readdirSync(join(dir, 'text'))
    .filter((x) => x.endsWith('.txt'))
    .sort()) {
    const id = f.replace(/\.txt$/, '');
    const ann = anns.find((a) => a.startsWith(`${id}_`));
    if (!ann) continue;
    const text = readFileSync(join(dir, 'text', f), 'utf8');
    const parsed = parseAnn(readFileSync(join(dir, 'attributions', ann), 'utf8'), cpToUtf16(text));
    out.push({ id, text, spans: [...parsed.spans.values()], attributions: parsed.attributions });
  }
  return out;
}
