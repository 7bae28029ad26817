// Scoring records against hand-made gold (the format of ../shared/gold and fixtures/articles/*.gold.json),
// by the matching rules of ../shared/gold/README.md: names compared after folding case, quotes, a leading
// "the" and a trailing "'s"; a claim matches when its content shares at least half the words of the shorter
// content; a claim is attributed when the speaker is also right.
import { z } from 'zod';
import type { ArticleRecord } from '../record.js';

const GoldEntity = z.object({ name: z.string(), type: z.string(), aliases: z.array(z.string()).default([]), role: z.string().optional() });
export const Gold = z.object({
  document: z.string(),
  url: z.string().optional(),
  publishedAt: z.string().nullable(),
  title: z.string().nullable().optional(),
  authors: z.array(z.string()).optional(),
  textIncludes: z.array(z.string()).optional(),
  textExcludes: z.array(z.string()).optional(),
  entities: z.array(GoldEntity),
  optionalEntities: z.array(GoldEntity).default([]),
  dates: z.array(z.object({ text: z.string(), value: z.string(), context: z.string().optional() })),
  claims: z.array(
    z.object({
      kind: z.string(),
      speaker: z.string().nullable(),
      speakerText: z.string().optional(),
      cue: z.string().optional(),
      content: z.string(),
      target: z.string().nullable().optional(),
      targetText: z.string().nullable().optional(),
      stance: z.string(),
    }),
  ),
  /** Only the claims are gold (reviewed gold: `newsdesk export --reviewed`): entities and dates are not scored. */
  claimsOnly: z.boolean().default(false),
  /** Claims nobody judged: a prediction matching one is counted neither right nor false. */
  unreviewed: z.array(z.object({ content: z.string() })).default([]),
});
export type Gold = z.output<typeof Gold>;

export const norm = (s: string | null | undefined): string =>
  (s ?? '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/^the\s+/, '')
    .replace(/'s$/, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
const words = (s: string | null | undefined) => norm(s).split(' ').filter(Boolean);
const names = (e: { name: string; aliases?: string[] }) => [e.name, ...(e.aliases ?? [])].map(norm).filter(Boolean);

export function overlap(a: string | null | undefined, b: string | null | undefined): number {
  const A = words(a);
  const B = new Set(words(b));
  if (!A.length || !B.size) return 0;
  let n = 0;
  for (const w of A) if (B.has(w)) n++;
  return n / Math.min(A.length, B.size);
}

export interface DocScore {
  entities: { tp: number; pred: number; gold: number; typed: number; missing: string[]; spurious: string[] };
  dates: { ok: number; gold: number; missing: string[] };
  claims: { tp: number; pred: number; gold: number; attributed: number; stanced: number; speaker: number; stance: number; missing: string[]; wrongSpeaker: string[]; wrongStance: string[]; spurious: string[] };
}

const SCORED_TYPES = ['person', 'organization', 'place'];

export function scoreRecord(gold: Gold, rec: ArticleRecord): DocScore {
  const aliasOf = new Map<string, string>();
  for (const e of [...gold.entities, ...gold.optionalEntities]) for (const n of names(e)) aliasOf.set(n, e.name);
  // claims-only gold names entities for their aliases alone: none is counted either way
  const predEnts = gold.claimsOnly ? [] : rec.entities.filter((e) => SCORED_TYPES.includes(e.type) || aliasOf.has(norm(e.name)));
  const used = new Set<number>();
  const ent: DocScore['entities'] = { tp: 0, pred: 0, gold: gold.entities.length, typed: 0, missing: [], spurious: [] };
  for (const g of gold.entities) {
    const gn = new Set(names(g));
    const i = predEnts.findIndex((p, k) => !used.has(k) && names(p).some((n) => gn.has(n)));
    if (i >= 0) {
      used.add(i);
      ent.tp++;
      if (predEnts[i]?.type === g.type) ent.typed++;
      else ent.missing.push(`${g.name} (typed ${predEnts[i]?.type}, want ${g.type})`);
    } else ent.missing.push(g.name);
  }
  predEnts.forEach((p, k) => {
    if (used.has(k)) return;
    if (names(p).some((n) => gold.optionalEntities.some((o) => names(o).includes(n)))) return;
    ent.spurious.push(`${p.name} (${p.type})`);
  });
  ent.pred = ent.tp + ent.spurious.length;

  const predDates = [...rec.dates];
  const dates: DocScore['dates'] = { ok: 0, gold: gold.dates.length, missing: [] };
  for (const g of gold.dates) {
    const i = predDates.findIndex((p) => norm(p.text).includes(norm(g.text)) && p.value === g.value);
    if (i >= 0) {
      dates.ok++;
      predDates.splice(i, 1);
    } else dates.missing.push(`${g.text} = ${g.value}`);
  }

  const preds = rec.claims;
  const taken = new Set<number>();
  const cl: DocScore['claims'] = { tp: 0, pred: 0, gold: gold.claims.length, attributed: 0, stanced: 0, speaker: 0, stance: 0, missing: [], wrongSpeaker: [], wrongStance: [], spurious: [] };
  const canon = (s: string) => aliasOf.get(norm(s)) ?? norm(s);
  for (const g of gold.claims) {
    let best = -1;
    let bestScore = 0;
    preds.forEach((p, k) => {
      if (taken.has(k)) return;
      const o = overlap(p.content.text, g.content);
      if (o > bestScore) {
        bestScore = o;
        best = k;
      }
    });
    if (best < 0 || bestScore < 0.5) {
      cl.missing.push(g.content.slice(0, 70));
      continue;
    }
    taken.add(best);
    cl.tp++;
    const p = preds[best];
    const ps = p?.speaker ?? null;
    const speakerOk =
      g.speaker === null
        ? !ps?.entityId && (!g.speakerText || overlap(ps?.text, g.speakerText) >= 0.5)
        : !!ps && [ps.name, ps.text].some((s) => s && canon(s) === g.speaker);
    if (speakerOk) cl.speaker++;
    else cl.wrongSpeaker.push(`${g.content.slice(0, 50)}: got ${ps?.name ?? ps?.text ?? 'none'}, want ${g.speaker ?? g.speakerText}`);
    if (p?.stance === g.stance) cl.stance++;
    else cl.wrongStance.push(`${g.content.slice(0, 50)}: got ${p?.stance}, want ${g.stance}`);
    if (speakerOk) cl.attributed++;
    if (speakerOk && p?.stance === g.stance) cl.stanced++;
  }
  preds.forEach((p, k) => {
    if (!taken.has(k) && ![...gold.claims, ...gold.unreviewed].some((g) => overlap(p.content.text, g.content) >= 0.5)) cl.spurious.push(`${p.speaker?.name ?? p.speaker?.text}: ${p.content.text.slice(0, 60)}`);
  });
  cl.pred = taken.size + cl.spurious.length;
  return { entities: ent, dates, claims: cl };
}

export interface Prf {
  p: number;
  r: number;
  f1: number;
}
export const prf = (tp: number, pred: number, gold: number): Prf => {
  const p = pred ? tp / pred : 0;
  const r = gold ? tp / gold : 0;
  return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0 };
};

export interface Totals {
  entities: Prf & { typeAcc: number };
  dateRecall: number;
  claims: Prf;
  attributed: Prf;
  attributedWithStance: Prf;
  stanceAccOnMatched: number;
}

export function totals(scores: DocScore[]): Totals {
  const sum = <K extends keyof DocScore, F extends keyof DocScore[K]>(k: K, f: F) => scores.reduce((n, s) => n + (s[k][f] as number), 0);
  const ctp = sum('claims', 'tp');
  return {
    entities: { ...prf(sum('entities', 'tp'), sum('entities', 'pred'), sum('entities', 'gold')), typeAcc: sum('entities', 'typed') / (sum('entities', 'tp') || 1) },
    dateRecall: sum('dates', 'ok') / (sum('dates', 'gold') || 1),
    claims: prf(ctp, sum('claims', 'pred'), sum('claims', 'gold')),
    attributed: prf(sum('claims', 'attributed'), sum('claims', 'pred'), sum('claims', 'gold')),
    attributedWithStance: prf(sum('claims', 'stanced'), sum('claims', 'pred'), sum('claims', 'gold')),
    stanceAccOnMatched: sum('claims', 'stance') / (ctp || 1),
  };
}
