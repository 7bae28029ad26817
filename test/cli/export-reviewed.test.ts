// `newsdesk export --reviewed --out DIR` and `npm run eval -- --gold DIR`: two fixtures ingested into PGlite,
// one claim accepted, one rejected, one corrected (its stance); the gold files hold what the analysts decided
// (the accepted claim as shown, the corrected one with its new stance, the rejected one nowhere) with each
// article's stored document beside them, and scoring the extractor against them counts exactly that.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReviewedGold } from '../../src/cli/export-reviewed.js';
import { FIXTURES_DIR, fixtureCases, ROOT } from '../../src/eval/gold-sets.js';
import { scoreRecord, totals } from '../../src/eval/gold.js';
import type { ClaimItem, Store } from '../../src/store/index.js';
import { ingestFixture } from '../api/harness.js';
import { run } from '../helpers/cli.js';
import { pgliteBackend } from '../helpers/services.js';

const ACCEPTED = 'the fault came from a single production line in Penang';
const REJECTED = 'Shares in the Taipei-based firm fell 4 percent on Tuesday';
const CORRECTED = 'the closure of the Namanga border crossing';

type GoldFile = {
  document: string;
  note: string;
  url?: string;
  publishedAt: string | null;
  claimsOnly: boolean;
  claims: { content: string; speaker: string | null; speakerText?: string; stance: string; review: string; claimId: string }[];
  unreviewed: { content: string }[];
  optionalEntities: { name: string; aliases: string[] }[];
};

describe('export --reviewed → gold, and eval --gold', () => {
  let db: Awaited<ReturnType<typeof pgliteBackend.open>>;
  let store: Store;
  let anaphora: string;
  let stance: string;
  const dirs: string[] = [];
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'newsdesk-reviewed-'));
    dirs.push(d);
    return d;
  };
  let out: string;
  const claimOf = async (articleId: string, content: string): Promise<ClaimItem> => {
    const found = (await store.listClaims({ articleId }, { limit: 1000 })).items.find((c) => c.content.text.startsWith(content));
    if (!found) throw new Error(`${articleId}: no claim "${content}"`);
    return found;
  };
  const goldFiles = (dir: string) => Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith('.gold.json')).map((f) => [f, JSON.parse(readFileSync(join(dir, f), 'utf8')) as GoldFile]));

  beforeAll(async () => {
    db = await pgliteBackend.open();
    store = db.store;
    anaphora = await ingestFixture(store, 'company-said-anaphora');
    stance = await ingestFixture(store, 'stance-without-speech');
    // a third article, never reviewed: no gold file
    await ingestFixture(store, 'quote-speaker-after');
    const ok = async (p: ReturnType<Store['reviewClaim']>) => expect((await p).ok).toBe(true);
    await ok(store.reviewClaim((await claimOf(anaphora, ACCEPTED)).id, { action: 'accept', reviewer: 'ana' }));
    await ok(store.reviewClaim((await claimOf(anaphora, REJECTED)).id, { action: 'reject', reviewer: 'ana', note: 'a market report, no claim' }));
    const kenya = await claimOf(stance, CORRECTED);
    expect(kenya.stance).toBe('oppose');
    await ok(store.reviewClaim(kenya.id, { action: 'correct', reviewer: 'ben', correction: { stance: 'neutral' } }));
    out = tempDir();
    const r = await writeReviewedGold(store.db, out);
    expect(r).toEqual({ articles: 2, accepted: 1, corrected: 1, rejected: 1, skipped: [] });
  });
  afterAll(async () => {
    await db?.cleanup();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('writes a gold file per reviewed article: the accepted claim with its speaker, the corrected one with its new stance, the rejected one nowhere', () => {
    const files = goldFiles(out);
    expect(Object.keys(files)).toHaveLength(2);
    const a = Object.values(files).find((g) => g.claims.some((c) => c.content === ACCEPTED)) as GoldFile;
    const b = Object.values(files).find((g) => g.claims.some((c) => c.content.startsWith(CORRECTED))) as GoldFile;
    expect(a.claims).toEqual([expect.objectContaining({ content: ACCEPTED, speaker: 'Veltrona Systems', stance: 'neutral', review: 'accepted' })]);
    expect(b.claims).toEqual([expect.objectContaining({ speaker: 'Kenya', stance: 'neutral', review: 'corrected' })]);
    for (const g of [a, b]) {
      expect(JSON.stringify(g)).not.toContain('Taipei-based firm fell');
      expect(g.claimsOnly).toBe(true);
      expect(g.note).toMatch(/Only reviewed claims are gold/);
    }
    // the claims nobody reviewed are there, so a prediction of one is not counted false; the rejected one is not
    expect(a.unreviewed.map((u) => u.content)).toHaveLength(3);
    expect(b.unreviewed).toHaveLength(4);
    expect(a.optionalEntities.map((e) => e.name)).toEqual(['Veltrona Systems']);
    // the stored raw document beside it, with the URL and date the extractor is given
    expect(readFileSync(join(out, a.document), 'utf8')).toBe(readFileSync(join(FIXTURES_DIR, 'company-said-anaphora.html'), 'utf8'));
    expect(a.document).toMatch(/\.html$/);
    expect(a.url).toBe('https://circuitweekly.example/hardware/veltrona-battery-recall');
    expect(a.publishedAt).toBe('2024-09-18');
  });

  it('eval scores the extractor against it: every reviewed claim found and attributed, the corrected stance missed, the rejected claim a false positive', () => {
    const cases = fixtureCases(out);
    expect(cases).toHaveLength(2);
    const scores = cases.map((c) => scoreRecord(c.gold, c.run()));
    const t = totals(scores);
    expect(t.claims.r).toBe(1);
    expect(t.attributed.r).toBe(1);
    expect(t.stanceAccOnMatched).toBe(0.5);
    expect(t.attributedWithStance.r).toBe(0.5);
    // unreviewed claims are neither right nor wrong; the rejected one counts against precision
    expect(scores.flatMap((s) => s.claims.spurious)).toEqual([expect.stringContaining('Shares in the Taipei-based firm')]);
    expect(t.claims.p).toBeCloseTo(2 / 3);
    // entities were not reviewed: none counted either way
    expect(scores.map((s) => [s.entities.pred, s.entities.gold, s.entities.spurious.length])).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  it('an article reviewed again replaces its gold, and one no longer reviewed leaves the directory', async () => {
    await store.reviewClaim((await claimOf(stance, CORRECTED)).id, { action: 'reject', reviewer: 'ben' });
    const r = await writeReviewedGold(store.db, out);
    expect(r.articles).toBe(1);
    expect(Object.values(goldFiles(out)).map((g) => g.claims.map((c) => c.content))).toEqual([[ACCEPTED]]);
    expect(readdirSync(out).sort()).toHaveLength(2);
    // a directory holding gold of another kind is refused, not overwritten
    await expect(writeReviewedGold(store.db, FIXTURES_DIR)).rejects.toThrow(/not written by export --reviewed/);
  });

  it('the command line: newsdesk export --reviewed --out DIR, then npm run eval -- --gold DIR', async () => {
    await store.close(); // PGlite: one process at a time on a data folder
    const env = { NEWSDESK_DATA_DIR: db.options.dataDir as string };
    const dir = tempDir();
    const exported = run(['export', '--reviewed', '--out', dir], undefined, env);
    expect(exported.stderr).toMatch(/1 reviewed article written to .*: 1 accepted and 0 corrected claims as gold, 1 rejected left out/);
    expect(exported.status).toBe(0);
    expect(Object.values(goldFiles(dir)).map((g) => g.claims.map((c) => c.content))).toEqual([[ACCEPTED]]);
    expect(run(['export', '--reviewed'], undefined, env).status).toBe(2);
    const evaluated = spawnSync(process.execPath, [join(ROOT, 'dist', 'eval', 'main.js'), '--gold', dir], { encoding: 'utf8' });
    expect(evaluated.status).toBe(0);
    expect(evaluated.stdout).toContain('(1 documents, claims only)');
    expect(evaluated.stdout).not.toMatch(/entities|dates/);
    // the one gold claim found; the rejected one predicted again: a false positive
    expect(evaluated.stdout).toMatch(/claim detection\s+P 0\.500\s+R 1\.000/);
  });
});
