// `newsdesk export --reviewed --out DIR`: analysts' decisions as gold for `npm run eval -- --gold DIR`. One
// NAME.gold.json per article with an accepted or corrected claim (src/eval/reviewed-gold.ts says what is in
// it), its stored raw document beside it as NAME.html (or NAME.txt when it was extracted as plain text).
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { Config } from '../config.js';
import { documentExtension, goldFileStem, REVIEWED_NOTE, reviewedGold } from '../eval/reviewed-gold.js';
import { sha256 } from '../hash.js';
import type { Queryable } from '../store/driver.js';
import { reviewedArticles } from '../store/reviewed.js';
import { openStore } from './open-store.js';

export interface ReviewedExport {
  /** Gold files written. */
  articles: number;
  accepted: number;
  corrected: number;
  /** Rejected claims of the exported articles, left out. */
  rejected: number;
  /** Reviewed articles not exported, with why (no stored document). */
  skipped: { id: string; reason: string }[];
}

/** A gold file an earlier `export --reviewed` wrote (and may replace), by its note. */
function ourGoldFile(path: string): { document?: string } | null {
  try {
    const g = JSON.parse(readFileSync(path, 'utf8')) as { note?: unknown; document?: unknown };
    return g.note === REVIEWED_NOTE ? { ...(typeof g.document === 'string' ? { document: g.document } : {}) } : null;
  } catch {
    return null;
  }
}

/** Writes the reviewed gold into `dir` (made when missing). Gold files of an earlier reviewed export there are
 * replaced, so an article no longer reviewed leaves; any other gold file there is refused (an Error). */
export async function writeReviewedGold(db: Queryable, dir: string): Promise<ReviewedExport> {
  mkdirSync(dir, { recursive: true });
  const earlier = new Map<string, { document?: string }>();
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.gold.json'))) {
    const ours = ourGoldFile(join(dir, f));
    if (!ours) throw new Error(`${join(dir, f)} was not written by export --reviewed: give an empty directory, or one an earlier export --reviewed wrote`);
    earlier.set(f, ours);
  }
  const result: ReviewedExport = { articles: 0, accepted: 0, corrected: 0, rejected: 0, skipped: [] };
  const written = new Set<string>();
  for await (const article of reviewedArticles(db)) {
    if (!article.document) {
      result.skipped.push({ id: article.id, reason: 'no stored document to extract again' });
      continue;
    }
    const stem = goldFileStem(article.id, sha256);
    const documentFile = `${stem}${documentExtension(article.document.contentType)}`;
    const gold = reviewedGold(article, documentFile);
    if (!gold) continue;
    writeFileSync(join(dir, documentFile), article.document.body);
    writeFileSync(join(dir, `${stem}.gold.json`), `${JSON.stringify(gold, null, 2)}\n`);
    written.add(`${stem}.gold.json`).add(documentFile);
    result.articles++;
    for (const c of gold.claims) result[c.review]++;
    result.rejected += article.claims.filter((c) => c.status === 'rejected').length;
  }
  for (const [f, { document }] of earlier) {
    if (written.has(f)) continue;
    rmSync(join(dir, f), { force: true });
    if (document && !written.has(document) && !document.includes('/') && !document.includes('\\')) rmSync(join(dir, document), { force: true });
  }
  return result;
}

export async function exportReviewedCommand(dir: string, cfg: Config, err: Writable): Promise<number> {
  const store = await openStore(cfg);
  try {
    let r: ReviewedExport;
    try {
      r = await writeReviewedGold(store.db, dir);
    } catch (e) {
      err.write(`newsdesk export: --out ${dir}: ${(e as Error).message}\n`);
      return 1;
    }
    for (const s of r.skipped) err.write(`newsdesk export: ${s.id}: skipped: ${s.reason}\n`);
    err.write(
      `newsdesk export: ${r.articles} reviewed article${r.articles === 1 ? '' : 's'} written to ${dir}: ${r.accepted} accepted and ${r.corrected} corrected claims as gold, ${r.rejected} rejected left out${r.articles ? `; score with npm run eval -- --gold ${dir}` : ''}\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
