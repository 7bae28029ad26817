// Every fixture's hand-made gold is met: metadata, main text (what must and must not be in it), entities
// with their types, aliases and roles, dates with their values, and every claim found with its speaker,
// kind, and (for stance claims, where the verb carries it) stance and target. No claim is invented.
import { describe, expect, it } from 'vitest';
import { fixtureCases } from '../src/eval/gold-sets.js';
import { norm, overlap, scoreRecord, totals } from '../src/eval/gold.js';

const cases = fixtureCases();

describe('fixtures', () => {
  it('there are at least 12, each with a gold file', () => {
    expect(cases.length).toBeGreaterThanOrEqual(12);
  });

  for (const c of cases) {
    describe(c.name, () => {
      const record = c.run();
      const score = scoreRecord(c.gold, record);

      it('metadata: title, authors, publication date', () => {
        if (c.gold.title !== undefined) expect(record.title).toBe(c.gold.title);
        if (c.gold.authors) expect(record.authors).toEqual(c.gold.authors);
        expect(record.publishedAt?.slice(0, 10) ?? null).toBe(c.gold.publishedAt);
        expect(record.pageKind).toBe('article');
      });

      it('main text keeps the article and drops the boilerplate', () => {
        for (const s of c.gold.textIncludes ?? []) expect(record.text).toContain(s);
        for (const s of c.gold.textExcludes ?? []) expect(record.text).not.toContain(s);
      });

      it('entities: every gold entity found with its type, none invented', () => {
        expect(score.entities.missing).toEqual([]);
        expect(score.entities.spurious).toEqual([]);
        for (const g of c.gold.entities) {
          const e = record.entities.find((x) => [x.name, ...x.aliases].some((n) => norm(n) === norm(g.name)));
          for (const alias of g.aliases) expect([e?.name, ...(e?.aliases ?? [])].map(norm), `${g.name} alias ${alias}`).toContain(norm(alias));
          if (g.role) expect(norm(e?.role), `${g.name} role`).toBe(norm(g.role));
        }
      });

      it('dates: every gold date with its value', () => {
        expect(score.dates.missing).toEqual([]);
      });

      it('claims: every gold claim found with the right speaker, none invented', () => {
        expect(score.claims.missing).toEqual([]);
        expect(score.claims.wrongSpeaker).toEqual([]);
        expect(score.claims.spurious).toEqual([]);
      });

      it('claims: kind, and stance and target of stance claims', () => {
        for (const g of c.gold.claims) {
          const p = record.claims.find((x) => overlap(x.content.text, g.content) >= 0.5);
          expect(p?.kind, g.content).toBe(g.kind);
          if (g.kind === 'stance') {
            expect(p?.stance, g.content).toBe(g.stance);
            if (g.target) expect(p?.target?.name, `target of ${g.content}`).toBe(g.target);
          }
        }
      });
    });
  }

  it('stance over all fixture claims is right at least 9 times in 10', () => {
    const t = totals(cases.map((c) => scoreRecord(c.gold, c.run())));
    expect(t.stanceAccOnMatched).toBeGreaterThanOrEqual(0.9);
  });
});
